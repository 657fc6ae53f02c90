import { defineModule } from '../types'
import { zhCN, en } from './messages'

// centers.serve (recording and working tickets) belongs to the same administrators as
// manage_orgs — city, district, street and community admins; /api/auth/me does not list
// module permissions yet, so the pages take manage_orgs (the server checks centers.serve).
export default defineModule({
  name: 'tickets',
  routes: [
    { path: 'tickets', name: 'tickets', component: () => import('./TicketsPage.vue'), meta: { permission: 'manage_orgs' } },
    { path: 'tickets/new', name: 'ticket-record', component: () => import('./TicketRecord.vue'), meta: { permission: 'manage_orgs' } },
    { path: 'tickets/:id(\\d+)', name: 'ticket', component: () => import('./TicketDetail.vue'), meta: { permission: 'manage_orgs' } },
  ],
  menu: [
    { route: 'ticket-record', label: 'menu.ticketRecord', icon: 'EditPen' },
    { route: 'tickets', label: 'menu.tickets', icon: 'Tickets' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
