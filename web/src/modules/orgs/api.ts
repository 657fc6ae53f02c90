import { http, query, type Page } from '../../api/http'
import type { OrgSummary } from '../../stores/session'

export interface OrgRecord {
  id: number
  parent_id: number | null
  name: string
  kind: string
  area_code: string | null
  status: string
  founded_on: string | null
  dissolved_on: string | null
  version: number
}

export interface OrgEvent {
  id: number
  org_id: number
  effective_on: string
  event: 'create' | 'rename' | 'update' | 'move' | 'merge' | 'dissolve'
  parent_id: number | null
  name: string
  kind: string
  status: string
  note: string | null
  recorded_at: string
}

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

export interface CoverageRow {
  type: string
  units: number
  own: number
  joint: number
  none: number
  org_covered: number
  work_covered: number
}

export interface OrgStats {
  org_id: number
  members: number
  members_by_status: Record<string, number>
  orgs_by_kind: Record<string, number>
  coverage: CoverageRow[]
  needing_own_org: { id: number; name: string; type: string; full_members: number; coverage: string }[]
  needing_own_org_total: number
  size_flags: SizeFlags
}

// Organizations whose size breaks the rules of 组织设置 (fewer than 3 full members in a
// branch; over 50 / 100 members).
export interface SizeFlags {
  counts: Record<string, number>
  items: { org_id: number; name: string; kind: string; full_members: number; members: number; flag: string; flag_name: string }[]
  total: number
}

export interface Term {
  elected_on: string
  term_years: number
  expires_on: string
}

export interface Reelection {
  org_id: number
  name: string
  kind: string
  elected_on: string
  term_years: number
  expires_on: string
  expired: boolean
}

export interface Seat {
  seat: 'secretary' | 'deputy_secretary' | 'member'
  member_id: number | null
  name: string
  part_time: boolean
  non_shenzhen_hukou: boolean
  since: string | null
  reason: string | null
}

export interface Committee {
  org_id: number
  seats: Seat[]
  part_time: number
  non_shenzhen_hukou: number
  full_members: number
  term: Term | null
}

export const orgDetailsApi = {
  stats: (id: number) => http.get<OrgStats>(`/api/orgs/${id}/stats`),
  committee: (id: number) => http.get<Committee>(`/api/orgs/${id}/committee`),
  // term: undefined keeps the recorded term, null clears it.
  setCommittee: (id: number, seats: Seat[], term?: { elected_on: string; term_years: number } | null) =>
    http.put<Committee>(`/api/orgs/${id}/committee`, term === undefined ? { seats } : { seats, term }),
  reelections: (id: number, withinMonths = 6) =>
    http.get<{ items: Reelection[]; total: number; today: string; until: string }>(
      `/api/orgs/${id}/reelections?within_months=${withinMonths}&size=50`,
    ),
}
