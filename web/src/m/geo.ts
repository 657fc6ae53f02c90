// WGS-84 → GCJ-02 for the one point the phone knows in WGS-84 (its own position), to draw
// it over the map, whose backdrop and centers are GCJ-02. The same published transform as
// the server's platform/geo.cpp; outside a box around China nothing is shifted (the server
// uses the mainland's outline: near the Hong Kong border the "you" dot may sit ~500 m off).
const A = 6378245.0 // Krasovsky 1940
const EE = 0.00669342162296594323

function offsetLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return r
}

function offsetLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return r
}

/** [lat, lng] WGS-84 → [lat, lng] GCJ-02. */
export function gcj02FromWgs84([lat, lng]: [number, number]): [number, number] {
  if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lat, lng]
  let dlat = offsetLat(lng - 105.0, lat - 35.0)
  let dlng = offsetLng(lng - 105.0, lat - 35.0)
  const rad = (lat / 180.0) * Math.PI
  const magic = 1 - EE * Math.sin(rad) * Math.sin(rad)
  const sqrtMagic = Math.sqrt(magic)
  dlat = (dlat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  dlng = (dlng * 180.0) / ((A / sqrtMagic) * Math.cos(rad) * Math.PI)
  return [lat + dlat, lng + dlng]
}

/** Great-circle distance in metres. */
export function distanceM(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180
  const dlat = (b[0] - a[0]) * rad
  const dlng = (b[1] - a[1]) * rad
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dlng / 2) ** 2
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}
