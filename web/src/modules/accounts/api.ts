import { http, query, type Page } from '../../api/http'
import type { components } from '../../api/schema'

export type User = components['schemas']['User']

/** A token; `token` (the secret) only in the answer that issued it. */
export type Token = components['schemas']['Token'] & { token?: string }

export interface NewUser {
  username: string
  display_name: string
  org_id: number
  password: string
  grants: { role: string; org_id: number }[]
}

export const accountsApi = {
  list: (q: string, page: number, size: number) => http.get<Page<User>>('/api/users' + query({ q, page, size })),
  get: (id: number) => http.get<User>(`/api/users/${id}`),
  create: (u: NewUser) => http.post<User>('/api/users', u),
  update: (
    id: number,
    patch: { version: number; display_name?: string; disabled?: boolean; member_id?: number | null; member_national_id?: string },
  ) => http.patch<User>(`/api/users/${id}`, patch),
  resetPassword: (id: number, password: string) => http.post<User>(`/api/users/${id}/password`, { password }),
  grant: (id: number, role: string, org_id: number) => http.post<User>(`/api/users/${id}/grants`, { role, org_id }),
  revoke: (id: number, grantId: number) => http.del<User>(`/api/users/${id}/grants/${grantId}`),
  tokens: () => http.get<Page<Token>>('/api/tokens'),
  // For the caller's own account: a token is never issued for another (三员分立).
  createToken: (name: string, expires_at?: string) => http.post<Token>('/api/tokens', { name, expires_at }),
  revokeToken: (id: number) => http.del(`/api/tokens/${id}`),
}

export const ROLES = [
  'city_admin',
  'district_admin',
  'street_admin',
  'community_admin',
  'branch_secretary',
  'member',
  'resident',
  'security_admin',
  'auditor',
  'pii_exporter',
] as const

export type RoleClass = 'business' | 'security' | 'audit'
export function roleClass(role: string): RoleClass {
  return role === 'security_admin' ? 'security' : role === 'auditor' ? 'audit' : 'business'
}

/**
 * Roles an administrator may give over the API: the business ones. The security
 * administrator's and the auditor's accounts are the operator's, on the server (三员分立;
 * the API answers 403 privileged_account).
 */
export const GRANTABLE_ROLES = ROLES.filter((r) => roleClass(r) === 'business')

/** Grantable roles that can join `held` without breaking the separation of the three administrators. */
export function compatibleRoles(held: string[]): string[] {
  if (held.length && roleClass(held[0]) !== 'business') return []
  return [...GRANTABLE_ROLES]
}
