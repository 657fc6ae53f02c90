import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'members',
  routes: [
    {
      path: 'members',
      name: 'members',
      component: () => import('./MembersPage.vue'),
      meta: { permission: 'manage_members' },
    },
    {
      path: 'transfers',
      name: 'transfers',
      component: () => import('./TransfersPage.vue'),
      meta: { permission: 'manage_members' },
    },
  ],
  menu: [
    { route: 'members', label: 'menu.members', icon: 'Avatar' },
    { route: 'transfers', label: 'menu.transfers', icon: 'Switch' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
