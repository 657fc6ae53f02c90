import { http, query, type Page } from '../../api/http'

export interface Reading {
  id: number
  member_id: number
  material_id: number
  material_title?: string
  started_at: string
  read_on: string
  seconds: number
}

export interface ReadingTotals {
  sessions: number
  minutes: number
  materials: number
}

export interface Reader extends ReadingTotals {
  member_id: number
  name: string
  org_id: number
  org_name: string | null
  last_read_at: string
}

export interface MaterialText {
  id: number
  title: string
  source: string | null
  published_on: string | null
  tags: string[]
  body: string
}

export const readingsApi = {
  material: (id: number) => http.get<MaterialText>(`/api/materials/${id}`),
  report: (material: number, started_at: string, seconds: number) =>
    http.post<Reading>(`/api/materials/${material}/readings`, { started_at, seconds }),
  /** The last report of a session when the page goes away: survives the page's unload. */
  reportOnLeave: (material: number, started_at: string, seconds: number) =>
    fetch(`/api/materials/${material}/readings`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ started_at, seconds }),
    }).catch(() => undefined),
  mine: (period: string, page = 1, size = 10) =>
    http.get<Page<Reading> & { period: string; totals: ReadingTotals }>('/api/readings/mine' + query({ period, page, size })),
  readers: (org: number, period: string, page = 1, size = 10) =>
    http.get<Page<Reader> & { period: string; totals: ReadingTotals }>(`/api/orgs/${org}/readers` + query({ period, page, size })),
}
