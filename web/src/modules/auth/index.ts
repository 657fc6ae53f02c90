import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'auth',
  publicRoutes: [
    { path: '/login', name: 'login', component: () => import('./LoginPage.vue'), meta: { public: true } },
    // Logged in, outside the main layout: a temporary password opens nothing else.
    { path: '/first-password', name: 'first-password', component: () => import('./FirstPasswordPage.vue'), meta: { passwordChange: true } },
  ],
  messages: { 'zh-CN': zhCN, en },
})
