// Build-time map settings of both apps (Vite env, e.g. web/.env.production.local):
//   VITE_MAP_TILE_URL          a Leaflet tile URL template in GCJ-02, e.g. AMap's
//                              https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}
//   VITE_MAP_TILE_SUBDOMAINS   e.g. 1234
//   VITE_MAP_TILE_ATTRIBUTION  e.g. © 高德地图
// None by default: the map draws the offline district backdrop only (demo and tests), and
// the page never fetches anything from outside. A tile host also needs the server's
// Content-Security-Policy to allow it (img-src).
export const mapTiles = {
  url: (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ?? '',
  subdomains: (import.meta.env.VITE_MAP_TILE_SUBDOMAINS as string | undefined) ?? 'abc',
  attribution: (import.meta.env.VITE_MAP_TILE_ATTRIBUTION as string | undefined) ?? '',
}
