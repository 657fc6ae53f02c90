import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'imports',
  routes: [
    {
      path: 'imports',
      name: 'imports',
      component: () => import('./ImportPage.vue'),
      meta: { permission: 'manage_members' },
    },
  ],
  menu: [{ route: 'imports', label: 'menu.imports', icon: 'Upload' }],
  messages: { 'zh-CN': zhCN, en },
})
