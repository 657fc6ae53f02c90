import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Permission } from '../stores/session'
import { useSession } from '../stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    permission?: Permission
    menu?: string // i18n key of the menu entry; absent: not in the menu
    icon?: string
  }
}

// The module routes. A menu entry appears only when the user holds its permission, and
// only modules that exist are listed.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../modules/auth/LoginPage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('../layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../modules/home/HomePage.vue'), meta: { menu: 'menu.home', icon: 'HomeFilled' } },
      {
        path: 'orgs',
        name: 'orgs',
        component: () => import('../modules/orgs/OrgsPage.vue'),
        meta: { menu: 'menu.orgs', icon: 'OfficeBuilding' },
      },
      {
        path: 'members',
        name: 'members',
        component: () => import('../modules/members/MembersPage.vue'),
        meta: { menu: 'menu.members', icon: 'Avatar', permission: 'manage_members' },
      },
      {
        path: 'transfers',
        name: 'transfers',
        component: () => import('../modules/members/TransfersPage.vue'),
        meta: { menu: 'menu.transfers', icon: 'Switch', permission: 'manage_members' },
      },
      {
        path: 'units',
        name: 'units',
        component: () => import('../modules/units/UnitsPage.vue'),
        meta: { menu: 'menu.units', icon: 'School' },
      },
      {
        path: 'meetings',
        name: 'meetings',
        component: () => import('../modules/meetings/MeetingsPage.vue'),
        meta: { menu: 'menu.meetings', icon: 'Calendar' },
      },
      {
        path: 'imports',
        name: 'imports',
        component: () => import('../modules/imports/ImportPage.vue'),
        meta: { menu: 'menu.imports', icon: 'Upload', permission: 'manage_members' },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('../modules/accounts/UsersPage.vue'),
        meta: { menu: 'menu.accounts', icon: 'User', permission: 'manage_accounts' },
      },
      {
        path: 'tokens',
        name: 'tokens',
        component: () => import('../modules/accounts/TokensPage.vue'),
        meta: { menu: 'menu.tokens', icon: 'Key', permission: 'manage_accounts' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('../modules/audit/AuditPage.vue'),
        meta: { menu: 'menu.audit', icon: 'Document', permission: 'read_audit' },
      },
      { path: '403', name: 'forbidden', component: () => import('../modules/errors/ForbiddenPage.vue') },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../modules/errors/NotFoundPage.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  await session.load()
  if (to.meta.public) return session.loggedIn && to.name === 'login' ? { name: 'home' } : true
  if (!session.loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'forbidden' }
  return true
})

/** The menu entries the current user may see. */
export function menuFor(can: (p: Permission) => boolean) {
  const shell = routes.find((r) => r.path === '/')
  return (shell?.children ?? [])
    .filter((r) => r.meta?.menu && (!r.meta.permission || can(r.meta.permission)))
    .map((r) => ({ name: r.name as string, path: '/' + r.path, label: r.meta!.menu!, icon: r.meta!.icon! }))
}
