import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'auth',
  publicRoutes: [{ path: '/login', name: 'login', component: () => import('./LoginPage.vue'), meta: { public: true } }],
  messages: { 'zh-CN': zhCN, en },
})
