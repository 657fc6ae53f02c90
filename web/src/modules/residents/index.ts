import { defineModule } from '../types'
import { zhCN, en } from './messages'

// Reviewing residents' stated communities belongs to the administrators who manage members
// there (the server checks manage_members in the community's subtree).
export default defineModule({
  name: 'residents',
  routes: [
    { path: 'residents', name: 'residents', component: () => import('./ResidentsPage.vue'), meta: { permission: 'manage_members' } },
  ],
  menu: [{ route: 'residents', label: 'menu.residents', icon: 'House' }],
  messages: { 'zh-CN': zhCN, en },
})
