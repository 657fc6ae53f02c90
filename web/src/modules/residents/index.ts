import { defineModule } from '../types'
import { zhCN, en } from './messages'

// Reviewing residents' stated communities belongs to the administrators who manage members
// there (the server checks manage_members in the community's subtree); /api/auth/me does not
// list module permissions yet, so the page takes manage_orgs as centers and tickets do.
export default defineModule({
  name: 'residents',
  routes: [{ path: 'residents', name: 'residents', component: () => import('./ResidentsPage.vue'), meta: { permission: 'manage_orgs' } }],
  menu: [{ route: 'residents', label: 'menu.residents', icon: 'House' }],
  messages: { 'zh-CN': zhCN, en },
})
