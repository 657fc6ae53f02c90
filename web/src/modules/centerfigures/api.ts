// The centers' figures (src/api/center_figure_routes.cpp): the 1 km coverage of an
// organization's area with its what-if, and the centers' counts by month and child.
import { http, query } from '../../api/http'
import type { components } from '../../api/schema'
import { centersApi, type Center } from '../centers/api'
import { formatProposals, type LatLng } from './figures'

export type Coverage = components['schemas']['Coverage']
export type CenterStats = components['schemas']['CenterStats']
export type Gap = Coverage['uncovered'][number]

/** The heaviest uncovered points the coverage page asks for (the server's default too). */
export const GAPS = 50

/** Centers drawn on the map at most (the city has about 1,100). */
const MAP_CENTERS_MAX = 3000

export const centerFiguresApi = {
  /** `org`'s coverage; with `proposed` centers, the what-if (figures after, `before` without). */
  coverage: (org: number, proposed: LatLng[] = []) =>
    http.get<Coverage>('/api/coverage' + query({ org, add: formatProposals(proposed) || undefined, gaps: GAPS })),
  /** The centers' bookings, visits, requests and satisfaction: "2026", "2026Q4" or "2026-11". */
  stats: (org: number, period: string) => http.get<CenterStats>(`/api/orgs/${org}/center-stats` + query({ period })),
  /** The centers managed in `org`'s subtree, every page of them, for the map. */
  async centers(org: number): Promise<Center[]> {
    const size = 200
    const first = await centersApi.list({ org }, 1, size)
    const out = [...first.items]
    const pages = Math.ceil(Math.min(first.total, MAP_CENTERS_MAX) / size)
    const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => centersApi.list({ org }, i + 2, size)))
    for (const page of rest) out.push(...page.items)
    return out
  },
}
