import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'meetings',
  routes: [
    { path: 'meetings', name: 'meetings', component: () => import('./MeetingsPage.vue') },
    { path: 'meetings/:id(\\d+)', name: 'meeting', component: () => import('./MeetingDetail.vue') },
  ],
  menu: [{ route: 'meetings', label: 'menu.meetings', icon: 'Calendar' }],
  messages: { 'zh-CN': zhCN, en },
})
