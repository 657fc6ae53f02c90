import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'centers',
  // centers.serve and centers.manage belong to the same administrators as manage_orgs (city,
  // district, street and community); /api/auth/me does not list module permissions yet.
  routes: [{ path: 'centers', name: 'centers', component: () => import('./CentersPage.vue'), meta: { permission: 'manage_orgs' } }],
  menu: [{ route: 'centers', label: 'menu.centers', icon: 'OfficeBuilding' }],
  messages: { 'zh-CN': zhCN, en },
})
