import { defineModule } from '../types'
import { zhCN, en } from './messages'

// The centers' figures (src/api/center_figure_routes.cpp): the 1 km coverage with its what-if,
// and the centers' statistics: centers.manage for the coverage (it plans centers), centers.serve
// for the statistics, as the server checks.
export default defineModule({
  name: 'centerfigures',
  routes: [
    {
      path: 'center-figures/coverage',
      name: 'center-coverage',
      component: () => import('./CoveragePage.vue'),
      meta: { permission: 'centers.manage' },
    },
    {
      path: 'center-figures/stats',
      name: 'center-stats',
      component: () => import('./StatsPage.vue'),
      meta: { permission: 'centers.serve' },
    },
  ],
  menu: [
    { route: 'center-coverage', label: 'menu.centerCoverage', icon: 'MapLocation' },
    { route: 'center-stats', label: 'menu.centerStats', icon: 'DataLine' },
  ],
  messages: { 'zh-CN': zhCN, en },
})
