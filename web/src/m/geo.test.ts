import { describe, expect, it } from 'vitest'
import { distanceM, gcj02FromWgs84 } from './geo'

describe("the phone's WGS-84 position drawn over the GCJ-02 map", () => {
  it('matches the published reference value (116.404, 39.915)', () => {
    const [lat, lng] = gcj02FromWgs84([39.915, 116.404])
    expect(lat).toBeCloseTo(39.91640428150164, 9)
    expect(lng).toBeCloseTo(116.41024449916938, 9)
  })
  it('moves a point in Futian by about 600 m, more than half the 1 km promise', () => {
    const wgs: [number, number] = [22.5431, 114.0579]
    const shift = distanceM(wgs, gcj02FromWgs84(wgs))
    expect(shift).toBeGreaterThan(550)
    expect(shift).toBeLessThan(650)
  })
  it('leaves a point outside China where it is', () => {
    expect(gcj02FromWgs84([48.8584, 2.2945])).toEqual([48.8584, 2.2945])
  })
})
