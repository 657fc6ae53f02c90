import { defineModule } from '../types'
import { zhCN, en } from './messages'

// The centers' figures (src/api/center_figure_routes.cpp): the 1 km coverage with its what-if,
// and the centers' statistics. centers.manage and centers.serve belong to the same
// administrators as manage_orgs; /api/auth/me does not list module permissions yet.
export default defineModule({
  name: 'centerfigures',
  routes: [
    {
      path: 'center-figures/coverage',
      name: 'center-coverage',
      component: () => import('./CoveragePage.vue'),
      meta: { permission: 'manage_orgs' },
    },
    {
      path: 'center-figures/stats',
      name: 'center-stats',
      component: () => import('./StatsPage.vue'),
      meta: { permission: 'manage_orgs' },
    },
  ],
  menu: [
    { route: 'center-coverage', label: 'menu.centerCoverage', icon: 'MapLocation' },
    { route: 'center-stats', label: 'menu.centerStats', icon: 'DataLine' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
