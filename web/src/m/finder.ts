// The finder's state, shared by the list and the map: where to search from (the phone's
// position in WGS-84, or a district chosen by hand in GCJ-02), the filters, and the result.
import { reactive } from 'vue'
import { mApi, type Center, type FindFilter, type Service } from './api'
import { SHENZHEN_DISTRICTS } from './districts'

export type Origin = 'locating' | 'located' | 'denied'

export const finder = reactive({
  origin: 'locating' as Origin,
  /** The phone's position, WGS-84 [lat, lng]. */
  position: null as [number, number] | null,
  district: '',
  q: '',
  openNow: false,
  evening: false,
  weekend: false,
  service: null as number | null,
  services: [] as Service[],
  items: [] as Center[],
  loading: false,
  error: null as unknown,
  asked: false,
})

/** The API's query for the current state (exported for the unit test). */
export function findFilter(s: typeof finder): FindFilter {
  const f: FindFilter = {
    q: s.q.trim() || undefined,
    open_now: s.openNow,
    evening: s.evening,
    weekend: s.weekend,
    service: s.service,
    limit: 30,
  }
  if (s.origin === 'located' && s.position) {
    f.near = `${s.position[0]},${s.position[1]}`
    f.crs = 'wgs84' // the phone's GPS; the server converts it to GCJ-02
  } else {
    const d = SHENZHEN_DISTRICTS.find((x) => x.code === s.district)
    if (d) {
      f.near = `${d.at[0]},${d.at[1]}`
      f.crs = 'gcj02'
    }
  }
  return f
}

let generation = 0
export async function search(): Promise<void> {
  const mine = ++generation
  finder.loading = true
  finder.error = null
  try {
    const page = await mApi.findCenters(findFilter(finder))
    if (mine === generation) finder.items = page.items
  } catch (e) {
    if (mine === generation) finder.error = e
  } finally {
    if (mine === generation) finder.loading = false
  }
}

/** Asks the browser for the position once (again with `again`), then searches. */
export function locate(again = false): Promise<void> {
  if (finder.asked && !again) return Promise.resolve()
  finder.asked = true
  finder.origin = 'locating'
  return new Promise((done) => {
    const fallback = () => {
      finder.origin = 'denied'
      search().then(done)
    }
    if (!('geolocation' in navigator)) return fallback()
    navigator.geolocation.getCurrentPosition(
      (p) => {
        finder.position = [p.coords.latitude, p.coords.longitude]
        finder.origin = 'located'
        search().then(done)
      },
      fallback,
      { timeout: 10_000, maximumAge: 60_000, enableHighAccuracy: true },
    )
  })
}

export async function loadServices(): Promise<void> {
  if (finder.services.length) return
  try {
    finder.services = (await mApi.services()).items
  } catch {
    // The filter just offers no services.
  }
}
