/** A text cut into plain and marked parts; `marks` are [start, length] in code points (as
 * GET /api/search gives them). Overlapping marks and marks past the end are dropped. */
export function markParts(text: string, marks: [number, number][]): { text: string; hit: boolean }[] {
  const chars = Array.from(text)
  const out: { text: string; hit: boolean }[] = []
  let at = 0
  for (const [start, length] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (start < at || start >= chars.length || length <= 0) continue
    if (start > at) out.push({ text: chars.slice(at, start).join(''), hit: false })
    out.push({ text: chars.slice(start, start + length).join(''), hit: true })
    at = Math.min(chars.length, start + length)
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), hit: false })
  return out
}
