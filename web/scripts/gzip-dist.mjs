// Writes a .gz sibling for every compressible file in dist/ so that the C++ server can
// send precompressed bytes to clients that accept gzip.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, extname } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const compressible = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.mjs'])
let count = 0
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (compressible.has(extname(name))) {
      const raw = readFileSync(path)
      if (raw.length < 256) continue
      writeFileSync(path + '.gz', gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }))
      count++
    }
  }
}
walk(new URL('../dist', import.meta.url).pathname)
console.log(`gzip-dist: ${count} files precompressed`)
