import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'units',
  routes: [{ path: 'units', name: 'units', component: () => import('./UnitsPage.vue') }],
  menu: [{ route: 'units', label: 'menu.units', icon: 'School' }],
  messages: { 'zh-CN': zhCN, en },
})
