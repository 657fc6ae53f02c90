import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'orgs',
  routes: [{ path: 'orgs', name: 'orgs', component: () => import('./OrgsPage.vue') }],
  menu: [{ route: 'orgs', label: 'menu.orgs', icon: 'OfficeBuilding' }],
  messages: { 'zh-CN': zhCN, en },
})
