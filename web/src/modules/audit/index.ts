import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'audit',
  routes: [
    {
      path: 'audit',
      name: 'audit',
      component: () => import('./AuditPage.vue'),
      meta: { permission: 'read_audit' },
    },
  ],
  menu: [{ route: 'audit', label: 'menu.audit', icon: 'Document' }],
  messages: { 'zh-CN': zhCN, en },
})
