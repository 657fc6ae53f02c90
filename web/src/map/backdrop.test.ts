import { describe, expect, it } from 'vitest'
import L from 'leaflet'
import { addBackdrop, mapRemoved } from './backdrop'

function newMap() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  return L.map(el).setView([22.6, 114.06], 10)
}
const backdropLayers = (m: L.Map) => {
  let n = 0
  m.eachLayer((l) => void (l instanceof L.GeoJSON && n++))
  return n
}

describe('the offline map backdrop', () => {
  it("draws Shenzhen's districts under a map that is still there", async () => {
    const m = newMap()
    expect(await addBackdrop(m, '底图')).toBe(true)
    expect(backdropLayers(m)).toBe(1)
    m.remove()
  })
  it('adds nothing, and does not throw, when the page was left while the boundaries loaded', async () => {
    const m = newMap()
    const pending = addBackdrop(m, '底图')
    m.remove() // the user left before the dynamic import answered
    expect(mapRemoved(m)).toBe(true)
    await expect(pending).resolves.toBe(false)
    expect(backdropLayers(m)).toBe(0)
  })
})
