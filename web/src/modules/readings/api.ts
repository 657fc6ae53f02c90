import { http, query } from '../../api/http'
import type { components } from '../../api/schema'

export type Reading = components['schemas']['Reading']

type MyTotals = components['schemas']['MyReadings']['totals']
/** Totals of the reader's own record, or of a subtree's (which counts no materials). */
export type ReadingTotals = Omit<MyTotals, 'materials'> & Partial<Pick<MyTotals, 'materials'>>

export type Reader = components['schemas']['OrgReaders']['items'][number]

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
    http.get<components['schemas']['MyReadings']>('/api/readings/mine' + query({ period, page, size })),
  readers: (org: number, period: string, page = 1, size = 10) =>
    http.get<components['schemas']['OrgReaders']>(`/api/orgs/${org}/readers` + query({ period, page, size })),
}
