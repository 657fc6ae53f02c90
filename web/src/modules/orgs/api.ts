import { http, query, type Page } from '../../api/http'
import type { OrgSummary } from '../../stores/session'
import type { components } from '../../api/schema'

export type OrgRecord = components['schemas']['OrgRecord']

export type OrgEvent = components['schemas']['OrgHistory']

export const ORG_KINDS = [
  'city',
  'district',
  'functional_area',
  'street',
  'town',
  'community',
  'village',
  'park',
  'building',
  'industry',
  'association',
  'enterprise',
  'organ',
  'general_branch',
  'branch',
  'joint_branch',
  'group',
] as const

export const orgsApi = {
  get: (id: number) => http.get<OrgSummary>(`/api/orgs/${id}`),
  children: (id: number, includeDissolved = false) =>
    http.get<Page<OrgSummary>>(`/api/orgs/${id}/children` + query({ include_dissolved: includeDissolved ? 1 : undefined })),
  childrenAsOf: (id: number, date: string) => http.get<Page<OrgEvent>>(`/api/orgs/${id}/children` + query({ as_of: date })),
  history: (id: number) => http.get<Page<OrgEvent>>(`/api/orgs/${id}/history`),
  search: (q: string, kind: string, page: number, size: number) => http.get<Page<OrgRecord>>('/api/orgs' + query({ q, kind, page, size })),
  create: (body: { parent_id: number; name: string; kind: string; area_code?: string; founded_on?: string }) =>
    http.post<OrgSummary>('/api/orgs', body),
  update: (id: number, body: { version: number; name?: string; address?: string; effective_on?: string }) =>
    http.patch<OrgSummary>(`/api/orgs/${id}`, body),
  move: (id: number, body: { version: number; new_parent_id: number; effective_on?: string }) =>
    http.post<OrgSummary>(`/api/orgs/${id}/move`, body),
  dissolve: (id: number, body: { version: number; dissolved_on?: string }) => http.post<OrgSummary>(`/api/orgs/${id}/dissolve`, body),
}

export type OrgStats = components['schemas']['OrgStats']
export type CoverageRow = OrgStats['coverage'][number]

// Organizations whose size breaks the rules of 组织设置 (fewer than 3 full members in a
// branch; over 50 / 100 members).
export type SizeFlags = components['schemas']['SizeFlags']

export type Term = components['schemas']['Term']

export type Reelection = components['schemas']['ReelectionPage']['items'][number]

export type Seat = components['schemas']['Committee']['seats'][number]

export type Committee = components['schemas']['Committee']

export const orgDetailsApi = {
  stats: (id: number) => http.get<OrgStats>(`/api/orgs/${id}/stats`),
  committee: (id: number) => http.get<Committee>(`/api/orgs/${id}/committee`),
  // term: undefined keeps the recorded term, null clears it.
  setCommittee: (id: number, seats: Seat[], term?: { elected_on: string; term_years: number } | null) =>
    http.put<Committee>(`/api/orgs/${id}/committee`, term === undefined ? { seats } : { seats, term }),
  reelections: (id: number, withinMonths = 6) =>
    http.get<components['schemas']['ReelectionPage']>(`/api/orgs/${id}/reelections?within_months=${withinMonths}&size=50`),
}
