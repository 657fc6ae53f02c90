import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'accounts',
  routes: [
    {
      path: 'accounts',
      name: 'accounts',
      component: () => import('./UsersPage.vue'),
      meta: { permission: 'manage_accounts' },
    },
    {
      path: 'tokens',
      name: 'tokens',
      component: () => import('./TokensPage.vue'),
      meta: { permission: 'manage_accounts' },
    },
  ],
  menu: [
    { route: 'accounts', label: 'menu.accounts', icon: 'User' },
    { route: 'tokens', label: 'menu.tokens', icon: 'Key' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
