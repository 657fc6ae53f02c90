// Who is logged in, what they may do, and where their scope starts.
import { defineStore } from 'pinia'
import { http } from '../api/http'

export interface OrgSummary {
  id: number
  parent_id: number | null
  name: string
  kind: string
  area_code: string | null
  child_count: number
  status: 'active' | 'dissolved'
  founded_on: string | null
  dissolved_on: string | null
  address: string | null
  version: number
  ancestors: { id: number; name: string; kind: string }[]
}

export interface Grant {
  id: number
  role: string
  org_id: number
  org_name: string | null
}

export interface Me {
  user: {
    id: number
    username: string
    display_name: string
    org_id: number
    org_name: string | null
    member_id?: number | null
    member_name?: string | null
  }
  grants: Grant[]
  scope: OrgSummary[]
  permissions: {
    manage_accounts: boolean
    read_audit: boolean
    manage_orgs: boolean
    manage_members: boolean
    record_meetings: boolean
    export_personal_data?: boolean
  }
  /** Codes of the modules' permissions held somewhere ("centers.serve" …). */
  module_permissions?: string[]
  session_idle_minutes: number
  /** A temporary password: everything but replacing it answers 403 password_change_required. */
  must_change_password: boolean
}

/** A core permission by name, or a module's by its dotted code ("centers.manage"). */
export type Permission = keyof Me['permissions'] | `${string}.${string}`

export const useSession = defineStore('session', {
  state: () => ({ me: null as Me | null, checked: false }),
  getters: {
    loggedIn: (s) => s.me !== null,
    mustChangePassword: (s) => s.me?.must_change_password === true,
    can: (s) => (p: Permission) =>
      p.includes('.') ? !!s.me?.module_permissions?.includes(p) : !!s.me?.permissions[p as keyof Me['permissions']],
  },
  actions: {
    /** Loads the current user once; a 401 just means "not logged in". */
    async load(): Promise<Me | null> {
      if (this.checked) return this.me
      try {
        this.me = await http.get<Me>('/api/auth/me')
      } catch {
        this.me = null
      }
      this.checked = true
      return this.me
    },
    async login(username: string, password: string): Promise<Me> {
      this.me = await http.post<Me>('/api/auth/login', { username, password })
      this.checked = true
      return this.me
    },
    async logout(): Promise<void> {
      try {
        await http.post('/api/auth/logout')
      } finally {
        this.clear()
      }
    },
    async changePassword(oldPassword: string, newPassword: string): Promise<void> {
      this.me = await http.post<Me>('/api/auth/password', {
        old_password: oldPassword,
        new_password: newPassword,
      })
    },
    clear() {
      this.me = null
      this.checked = true
    },
  },
})
