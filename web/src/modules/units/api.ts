import { http, query, type Page } from '../../api/http'
import type { components } from '../../api/schema'

export type Unit = components['schemas']['Unit']

export const UNIT_TYPES = ['enterprise', 'social_org', 'internet', 'building', 'park'] as const
export const COVERAGES = ['own', 'joint', 'none'] as const

export interface UnitFilter {
  q: string
  type: string
  coverage: string
  needs_org: boolean
}

const params = (f: UnitFilter) => ({ q: f.q, type: f.type, coverage: f.coverage, needs_org: f.needs_org ? 1 : undefined })

export const unitsApi = {
  list: (f: UnitFilter, page: number, size: number) => http.get<Page<Unit>>('/api/units' + query({ ...params(f), page, size })),
  create: (body: Record<string, unknown> & { name: string; credit_code: string; type: string; org_id: number }) =>
    http.post<Unit>('/api/units', body),
  update: (id: number, body: Record<string, unknown> & { version: number }) => http.patch<Unit>(`/api/units/${id}`, body),
  exportUrl: (format: 'csv' | 'xlsx', f: UnitFilter) => `/api/exports/units.${format}` + query(params(f)),
}
