import { describe, expect, it } from 'vitest'
import {
  MAX_PROPOSALS,
  addProposal,
  count,
  direction,
  fillMonths,
  formatProposals,
  joinRows,
  monthsOf,
  parseProposals,
  percent,
  pointsChange,
  rate,
  visitRate,
  signed,
  trailFromScope,
} from './figures'

describe('the proposed centers of a what-if', () => {
  it('read back what they were written as, six decimals each', () => {
    const points = [
      { lat: 22.5431234, lng: 114.0579876 },
      { lat: 22.6, lng: 114.1 },
    ]
    const text = formatProposals(points)
    expect(text).toBe('22.543123,114.057988;22.6,114.1')
    expect(parseProposals(text)).toEqual([
      { lat: 22.543123, lng: 114.057988 },
      { lat: 22.6, lng: 114.1 },
    ])
    expect(formatProposals([])).toBe('')
    expect(parseProposals('')).toEqual([])
  })
  it('skip what is not a point and stop at the server limit', () => {
    expect(parseProposals('22.5,114;abc;91,114;22.6 , 114.2;;')).toEqual([
      { lat: 22.5, lng: 114 },
      { lat: 22.6, lng: 114.2 },
    ])
    expect(parseProposals(undefined)).toEqual([])
    expect(parseProposals(['22.5,114'])).toEqual([])
    const many = Array.from({ length: 25 }, (_, i) => `22.${i + 10},114`).join(';')
    expect(parseProposals(many)).toHaveLength(MAX_PROPOSALS)
  })
  it('are added once each and never beyond the limit', () => {
    let points = addProposal([], { lat: 22.54312345, lng: 114.05 })
    expect(points).toEqual([{ lat: 22.543123, lng: 114.05 }])
    expect(addProposal(points, { lat: 22.5431231, lng: 114.05 })).toBe(points) // the same spot, rounded
    for (let i = 0; points.length < MAX_PROPOSALS; i++) points = addProposal(points, { lat: 22 + i / 100, lng: 113.9 })
    expect(addProposal(points, { lat: 23, lng: 114 })).toBe(points)
    expect(addProposal([], { lat: NaN, lng: 114 })).toEqual([])
  })
})

describe('before → after', () => {
  it('calls a larger share and a shorter distance better', () => {
    expect(direction(0.95, 0.97, true)).toBe('better')
    expect(direction(0.97, 0.95, true)).toBe('worse')
    expect(direction(500, 420, false)).toBe('better')
    expect(direction(420, 500, false)).toBe('worse')
    expect(direction(420, 420, false)).toBe('same')
    // Nobody reachable before, a distance now: better; the other way round: worse.
    expect(direction(null, 800, false)).toBe('better')
    expect(direction(800, null, false)).toBe('worse')
    expect(direction(null, null, false)).toBe('same')
  })
  it('writes changes with their sign, in percentage points for shares', () => {
    expect(signed(12)).toBe('+12')
    expect(signed(-12)).toBe('−12')
    expect(signed(-0.001, 2)).toBe('0.00')
    expect(pointsChange(0.9647, 0.9712)).toBe('+0.65')
    expect(pointsChange(0.9712, 0.9647)).toBe('−0.65')
    expect(pointsChange(0.5, 0.5)).toBe('0.00')
    expect(percent(0.9904)).toBe('99.04%')
    expect(percent(1)).toBe('100.00%')
    expect(percent(null)).toBe('—')
    expect(count(17800018)).toBe('17,800,018')
    expect(count(null)).toBe('—')
    expect(rate(2, 3)).toBe('66.7%')
    expect(rate(0, 0)).toBe('—')
    // 2 came, 1 did not; the 7 bookings still to come do not lower the rate.
    expect(visitRate({ visits: 2, no_shows: 1 })).toBe('66.7%')
    expect(visitRate({ visits: 0, no_shows: 0 })).toBe('—')
  })
  it('pairs each row of the what-if with the same organization before, in the what-if order', () => {
    const f = (share: number) => ({ population: 10, mean_distance_m: 500, share_within_1000m: share, p90_m: 900 })
    const before = [
      { org_id: 1, name: 'A', ...f(0.5) },
      { org_id: 2, name: 'B', ...f(0.6) },
    ]
    const after = [
      { org_id: 2, name: 'B', ...f(0.6) },
      { org_id: 1, name: 'A', ...f(0.9) },
      { org_id: 3, name: 'C', ...f(0.7) },
    ]
    const rows = joinRows(before, after)
    expect(rows.map((r) => r.org_id)).toEqual([2, 1, 3])
    expect(rows[1].before?.share_within_1000m).toBe(0.5)
    expect(rows[1].after.share_within_1000m).toBe(0.9)
    expect(rows[2].before).toBeNull()
  })
})

describe('the months of a statistics period', () => {
  it('are a year’s twelve, a quarter’s three, a month', () => {
    expect(monthsOf('2026')).toHaveLength(12)
    expect(monthsOf('2026')[0]).toBe('2026-01')
    expect(monthsOf('2026')[11]).toBe('2026-12')
    expect(monthsOf('2026Q4')).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(monthsOf('2026-03')).toEqual(['2026-03'])
    expect(monthsOf('2026-Q4')).toEqual([])
  })
  it('are all on the chart, with zeros where the server has none', () => {
    const counts = { bookings: 3, visits: 2, no_shows: 0, tickets: 1, tickets_resolved: 1, ratings: 1, satisfaction: 4.5 }
    const months = fillMonths('2026Q4', [{ ...counts, month: '2026-11' }])
    expect(months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(months.map((m) => m.bookings)).toEqual([0, 3, 0])
    expect(months[0].satisfaction).toBeNull()
    expect(months[1].satisfaction).toBe(4.5)
  })
})

describe('the trail to an organization', () => {
  const chain = [
    { id: 1, name: '市委' },
    { id: 3, name: '福田区委' },
    { id: 23, name: '南园街道' },
    { id: 200, name: '沙埔头社区' },
  ]
  it('starts at the user’s own root', () => {
    expect(trailFromScope(chain, new Set([1])).map((c) => c.id)).toEqual([1, 3, 23, 200])
    expect(trailFromScope(chain, new Set([23])).map((c) => c.id)).toEqual([23, 200])
    expect(trailFromScope(chain, new Set([200])).map((c) => c.id)).toEqual([200])
  })
  it('is the organization alone when none of its chain is in scope', () => {
    expect(trailFromScope(chain, new Set([99])).map((c) => c.id)).toEqual([200])
  })
})
