// The residents' mobile web (issue 15) must stay light for a slow phone: all of its JS and
// CSS — the entry, what it preloads and every page it may load later (the map with Leaflet
// and the offline backdrop included) — at most 300 KB gzipped. Crawls dist/m/index.html and
// the chunks it reaches; exits 1 above the budget. Run after `npm run build`.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const BUDGET = 300 * 1024
const dist = new URL('../dist', import.meta.url).pathname
const entry = join(dist, 'm/index.html')
if (!existsSync(entry)) {
  console.error('m-bundle-size: dist/m/index.html is missing: build first (npm run build)')
  process.exit(2)
}

const html = readFileSync(entry, 'utf8')
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
const seen = new Set()
const queue = [...initial]
while (queue.length) {
  const file = queue.shift()
  if (seen.has(file)) continue
  seen.add(file)
  if (!file.endsWith('.js')) continue
  const text = readFileSync(join(dist, file), 'utf8')
  // Static imports ("./x.js"), dynamic ones and Vite's preload lists ("assets/x.js", "assets/x.css").
  for (const m of text.matchAll(/["'`]\.\/([\w.-]+\.(?:js|css))["'`]/g)) queue.push('assets/' + m[1])
  for (const m of text.matchAll(/["'`](assets\/[\w.-]+\.(?:js|css))["'`]/g)) queue.push(m[1])
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: constants.Z_BEST_COMPRESSION }).length
const rows = [...seen].map((file) => ({ file, gzip: gz(file) })).sort((a, b) => b.gzip - a.gzip)
const total = rows.reduce((s, r) => s + r.gzip, 0)
const first = rows.filter((r) => initial.includes(r.file)).reduce((s, r) => s + r.gzip, 0)
const kb = (n) => (n / 1024).toFixed(1) + ' KB'
for (const r of rows) console.log(`${kb(r.gzip).padStart(9)}  ${r.file}${initial.includes(r.file) ? '  (first load)' : ''}`)
console.log(`m-bundle-size: first load ${kb(first)}, all pages ${kb(total)} gzipped; budget ${kb(BUDGET)}`)
if (rows.some((r) => r.file.includes('element-plus') || r.file.includes('echarts-')))
  console.error("m-bundle-size: the residents' app reaches the administrators' Element Plus or ECharts chunk")
if (total > BUDGET || rows.some((r) => r.file.includes('element-plus') || r.file.includes('echarts-'))) process.exit(1)
