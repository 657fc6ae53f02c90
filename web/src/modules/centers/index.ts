import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'centers',
  // Managing centers (their data, services, photos, leave, duty): centers.manage.
  routes: [{ path: 'centers', name: 'centers', component: () => import('./CentersPage.vue'), meta: { permission: 'centers.manage' } }],
  menu: [{ route: 'centers', label: 'menu.centers', icon: 'OfficeBuilding' }],
  messages: { 'zh-CN': zhCN, en },
})
