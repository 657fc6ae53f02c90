// The 403 and 404 pages. The catch-all route ranks below every other path whatever the
// order of the list (vue-router ranks by path, not by order).
import { defineModule } from '../types'
import { zhCN, en } from './messages'

export default defineModule({
  name: 'errors',
  routes: [
    { path: '403', name: 'forbidden', component: () => import('./ForbiddenPage.vue') },
    { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue') },
  ],
  messages: { 'zh-CN': zhCN, en },
})
