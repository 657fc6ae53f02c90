// The residents' pages under /m/ (the server answers /m/<route> with m/index.html).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadSession } from './session'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'find', component: () => import('./pages/FindPage.vue') },
  { path: '/map', name: 'map', component: () => import('./pages/MapPage.vue') },
  { path: '/centers/:id', name: 'center', component: () => import('./pages/CenterPage.vue'), props: (r) => ({ id: Number(r.params.id) }) },
  {
    path: '/centers/:id/book',
    name: 'book',
    component: () => import('./pages/BookPage.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { login: true },
  },
  { path: '/bookings', name: 'bookings', component: () => import('./pages/BookingsPage.vue'), meta: { login: true } },
  // Online requests (我的诉求): the list, a new one (?center=ID: from a center's page), one with its trail.
  { path: '/requests', name: 'requests', component: () => import('./pages/RequestsPage.vue'), meta: { login: true } },
  { path: '/requests/new', name: 'request-new', component: () => import('./pages/RequestNewPage.vue'), meta: { login: true } },
  {
    path: '/requests/:id(\\d+)',
    name: 'request',
    component: () => import('./pages/RequestPage.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { login: true },
  },
  { path: '/me', name: 'me', component: () => import('./pages/MePage.vue'), meta: { login: true } },
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
  // The entry file itself, when a server without the /m/ fallback is asked for it.
  { path: '/index.html', redirect: '/' },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/m/'), routes })

router.beforeEach(async (to) => {
  if (!to.meta.login) return true
  if (await loadSession()) return true
  return { name: 'login', query: { redirect: to.fullPath } }
})
