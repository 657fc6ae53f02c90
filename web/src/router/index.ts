import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Permission } from '../stores/session'
import { useSession } from '../stores/session'
import { modules } from '../modules'
import type { WebModule } from '../modules/types'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    permission?: Permission
    /** The page where a temporary password is replaced. */
    passwordChange?: boolean
  }
}

/** The app's routes: each module's public pages, and its other pages inside the main layout. */
export function buildRoutes(list: WebModule[]): RouteRecordRaw[] {
  return [
    ...list.flatMap((m) => m.publicRoutes ?? []),
    {
      path: '/',
      component: () => import('../layouts/MainLayout.vue'),
      children: list.flatMap((m) => m.routes ?? []),
    },
  ]
}

export const routes = buildRoutes(modules)

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  await session.load()
  if (to.meta.public) return session.loggedIn && to.name === 'login' ? { name: 'home' } : true
  if (!session.loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  // A temporary password (set by an administrator) must be replaced before anything else.
  if (session.mustChangePassword) {
    if (to.meta.passwordChange) return true
    return { name: 'first-password', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.meta.passwordChange) return { name: 'home' }
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'forbidden' }
  return true
})

export interface MenuItem {
  name: string
  path: string
  label: string
  icon: string
}

/**
 * The menu entries the current user may see: the modules' entries in the list's order, each
 * shown only when the user holds the permission of the route it opens.
 */
export function menuFor(can: (p: Permission) => boolean, list: WebModule[] = modules): MenuItem[] {
  return list.flatMap((m) =>
    (m.menu ?? []).flatMap((entry) => {
      const route = (m.routes ?? []).find((r) => r.name === entry.route)
      if (!route) throw new Error(`module ${m.name}: menu entry for unknown route ${entry.route}`)
      const permission = route.meta?.permission
      if (permission && !can(permission)) return []
      return [{ name: entry.route, path: '/' + route.path, label: entry.label, icon: entry.icon }]
    }),
  )
}
