import { describe, expect, it } from 'vitest'
import { finder, findFilter } from './finder'

const state = (over: Partial<typeof finder>) => ({ ...finder, ...over }) as typeof finder

describe('where the finder searches from', () => {
  it("the phone's position goes as WGS-84, for the server to shift to GCJ-02", () => {
    const f = findFilter(state({ origin: 'located', position: [22.5431, 114.0579], openNow: true }))
    expect(f.near).toBe('22.5431,114.0579')
    expect(f.crs).toBe('wgs84')
    expect(f.open_now).toBe(true)
  })
  it('a chosen district searches from its centre, already GCJ-02, with the words typed', () => {
    const f = findFilter(state({ origin: 'denied', position: null, district: '440305', q: ' 粤海街道 ' }))
    expect(f.near).toBe('22.533287,113.930413')
    expect(f.crs).toBe('gcj02')
    expect(f.q).toBe('粤海街道')
  })
  it('without a position or a district, centers are listed by name', () => {
    const f = findFilter(state({ origin: 'denied', position: null, district: '' }))
    expect(f.near).toBeUndefined()
  })
})
