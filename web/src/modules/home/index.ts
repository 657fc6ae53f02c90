import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'home',
  routes: [{ path: '', name: 'home', component: () => import('./HomePage.vue') }],
  menu: [{ route: 'home', label: 'menu.home', icon: 'HomeFilled' }],
  messages: { 'zh-CN': zhCN, en },
})
