// The arithmetic behind the centers' figures pages, kept out of the components so it can be
// tested: the what-if's proposed centers as the API's `add=` parameter (and the page's URL),
// before → after comparisons, and the months of a statistics period.
import { parsePeriod } from '../../utils/period'

/** A point in GCJ-02, degrees. */
export interface LatLng {
  lat: number
  lng: number
}

/** The server takes at most this many proposed centers (`add=`) in one question. */
export const MAX_PROPOSALS = 20

/** Six decimals: about 0.1 m, far finer than a tap on a map. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6

function valid(p: LatLng): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180
}

/**
 * The proposed centers of an `add=` text ("22.54,114.05;22.6,114.1"), rounded to six
 * decimals; unreadable parts are skipped and at most MAX_PROPOSALS are kept.
 */
export function parseProposals(text: unknown): LatLng[] {
  if (typeof text !== 'string') return []
  const out: LatLng[] = []
  for (const part of text.split(';')) {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part)
    if (!m) continue
    const p = { lat: round6(Number(m[1])), lng: round6(Number(m[2])) }
    if (valid(p) && out.length < MAX_PROPOSALS) out.push(p)
  }
  return out
}

/** The `add=` text of proposed centers ("" for none), six decimals each. */
export function formatProposals(points: LatLng[]): string {
  return points
    .filter(valid)
    .slice(0, MAX_PROPOSALS)
    .map((p) => `${round6(p.lat)},${round6(p.lng)}`)
    .join(';')
}

/** `points` with one more at `p` (rounded), unless it is full or `p` is already there. */
export function addProposal(points: LatLng[], p: LatLng): LatLng[] {
  const q = { lat: round6(p.lat), lng: round6(p.lng) }
  if (!valid(q) || points.length >= MAX_PROPOSALS || points.some((x) => x.lat === q.lat && x.lng === q.lng)) return points
  return [...points, q]
}

/** Whether a change is good news: a larger share, a shorter distance. */
export type Direction = 'better' | 'worse' | 'same'

/**
 * The direction of a figure's change from `before` to `after`. Distances are better lower,
 * shares higher (`higherIsBetter`). A distance that appears (nobody was reachable) is better;
 * unknown on both sides is the same.
 */
export function direction(before: number | null | undefined, after: number | null | undefined, higherIsBetter: boolean): Direction {
  if (before == null && after == null) return 'same'
  if (before == null) return 'better'
  if (after == null) return 'worse'
  if (after === before) return 'same'
  return after > before === higherIsBetter ? 'better' : 'worse'
}

/** A signed difference for people: "+0.35", "−12" (a real minus sign), "0". */
export function signed(n: number, digits = 0): string {
  const fixed = Math.abs(n).toFixed(digits)
  if (Number(fixed) === 0) return (0).toFixed(digits)
  return (n > 0 ? '+' : '−') + fixed
}

/** A share (0–1, four decimals from the server) as a percentage with two decimals: "99.04%". */
export function percent(share: number | null | undefined): string {
  return share == null ? '—' : (share * 100).toFixed(2) + '%'
}

/** The change of a share in percentage points, two decimals: "+0.35". */
export function pointsChange(before: number, after: number): string {
  return signed(Math.round((after - before) * 10000) / 100, 2)
}

/** A whole number grouped for reading ("17,800,018"); "—" for none. */
export function count(n: number | null | undefined, locale = 'zh-CN'): string {
  return n == null ? '—' : new Intl.NumberFormat(locale).format(n)
}

/** The figures every coverage answer and row carries. */
export interface CoverageFigures {
  population: number
  mean_distance_m: number | null
  share_within_1000m: number
  p90_m: number | null
}
export type CoverageRow = CoverageFigures & { org_id: number; name: string }

/** A child organization's row, without (`before`) and with (`after`) the proposed centers. */
export interface RowChange {
  org_id: number
  name: string
  before: CoverageFigures | null
  after: CoverageFigures
}

/**
 * The rows of the what-if answer (`after`, in the server's order: worst covered first) each
 * with the same organization's row of the answer without proposals (`before`).
 */
export function joinRows(before: CoverageRow[], after: CoverageRow[]): RowChange[] {
  const byId = new Map(before.map((r) => [r.org_id, r]))
  return after.map((r) => ({ org_id: r.org_id, name: r.name, before: byId.get(r.org_id) ?? null, after: r }))
}

/** The months ("YYYY-MM") a period covers: a year's twelve, a quarter's three, a month. */
export function monthsOf(period: string): string[] {
  const p = parsePeriod(period)
  if (!p) return []
  const first = p.granularity === 'year' ? 1 : p.granularity === 'quarter' ? 3 * p.index - 2 : p.index
  const last = p.granularity === 'year' ? 12 : p.granularity === 'quarter' ? 3 * p.index : p.index
  const out: string[] = []
  for (let m = first; m <= last; m++) out.push(`${p.year}-${String(m).padStart(2, '0')}`)
  return out
}

/** The counts of the centers' statistics, per month, child or in all. */
export interface CenterCounts {
  bookings: number
  visits: number
  /** Booked and nobody came (marked by the server a little after the slot's end). */
  no_shows: number
  tickets: number
  tickets_resolved: number
  ratings: number
  satisfaction: number | null
}

const zero: CenterCounts = { bookings: 0, visits: 0, no_shows: 0, tickets: 0, tickets_resolved: 0, ratings: 0, satisfaction: null }

/**
 * Every month of the period in order, with the server's figures where it has some (it
 * answers only the months with any) and zeros elsewhere, so the chart's axis is the period.
 */
export function fillMonths<T extends CenterCounts & { month: string }>(period: string, byMonth: T[]): (CenterCounts & { month: string })[] {
  const got = new Map(byMonth.map((m) => [m.month, m]))
  const months = monthsOf(period)
  // Months the server has outside the period's own (should not happen) are kept, in order.
  for (const m of byMonth) if (!months.includes(m.month)) months.push(m.month)
  months.sort()
  return months.map((month) => got.get(month) ?? { ...zero, month })
}

/** `part` of `whole` as a percentage with one decimal ("66.7%"); "—" when `whole` is 0. */
export function rate(part: number, whole: number): string {
  return whole > 0 ? ((100 * part) / whole).toFixed(1) + '%' : '—'
}

/**
 * Visits among the bookings whose time has passed and were settled either way: visits ÷
 * (visits + no-shows). Bookings still to come and cancelled ones are neither, so they do not
 * count against the rate.
 */
export function visitRate(f: Pick<CenterCounts, 'visits' | 'no_shows'>): string {
  return rate(f.visits, f.visits + f.no_shows)
}

/**
 * The trail to an organization from the user's own root: its chain (ancestors then itself),
 * from the first one in the user's scope down; the levels above are not theirs to open. Only
 * itself when none of the chain is in scope.
 */
export function trailFromScope<T extends { id: number }>(chain: T[], scope: Set<number>): T[] {
  const top = chain.findIndex((c) => scope.has(c.id))
  return top >= 0 ? chain.slice(top) : chain.slice(-1)
}
