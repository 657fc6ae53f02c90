import { defineModule } from '../types'
import { zhCN, en } from './messages'

// Recording and working tickets: centers.serve (city, district, street and community
// administrators).
export default defineModule({
  name: 'tickets',
  routes: [
    { path: 'tickets', name: 'tickets', component: () => import('./TicketsPage.vue'), meta: { permission: 'centers.serve' } },
    { path: 'tickets/new', name: 'ticket-record', component: () => import('./TicketRecord.vue'), meta: { permission: 'centers.serve' } },
    { path: 'tickets/:id(\\d+)', name: 'ticket', component: () => import('./TicketDetail.vue'), meta: { permission: 'centers.serve' } },
  ],
  menu: [
    { route: 'ticket-record', label: 'menu.ticketRecord', icon: 'EditPen' },
    { route: 'tickets', label: 'menu.tickets', icon: 'Tickets' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
