// Periods as the API names them — "2024" (a year), "2024Q3" (a quarter), "2024-07" (a month)
// — and the conversions the period picker makes between them, in Asia/Shanghai.

export type Granularity = 'month' | 'quarter' | 'year'

export interface Period {
  granularity: Granularity
  year: number
  /** The month (1–12) or the quarter (1–4); 0 for a year. */
  index: number
}

/** Today's year, quarter and month in Asia/Shanghai, whatever the browser's zone. */
export function shanghaiToday(now = new Date()): { year: number; month: number; quarter: number } {
  const shanghai = new Date(now.getTime() + 8 * 3600_000)
  const month = shanghai.getUTCMonth() + 1
  return { year: shanghai.getUTCFullYear(), month, quarter: Math.floor((month - 1) / 3) + 1 }
}

/** The API's period string read back; null when it is none of the three forms. */
export function parsePeriod(text: string): Period | null {
  const s = text.trim()
  let m = /^(\d{4})$/.exec(s)
  if (m) return { granularity: 'year', year: Number(m[1]), index: 0 }
  m = /^(\d{4})Q([1-4])$/i.exec(s)
  if (m) return { granularity: 'quarter', year: Number(m[1]), index: Number(m[2]) }
  m = /^(\d{4})-(\d{2})$/.exec(s)
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { granularity: 'month', year: Number(m[1]), index: Number(m[2]) }
  return null
}

/** The period as the API takes it. */
export function formatPeriod(p: Period): string {
  if (p.granularity === 'year') return String(p.year)
  if (p.granularity === 'quarter') return `${p.year}Q${p.index}`
  return `${p.year}-${String(p.index).padStart(2, '0')}`
}

/**
 * The period in words for people ("2024年第3季度", "Q3 2024"); the text itself when it is
 * not a period. `t` is vue-i18n's, with the periodPicker.label* messages.
 */
export function periodLabel(text: string, t: (key: string, values?: Record<string, unknown>) => string): string {
  const p = parsePeriod(text)
  if (!p) return text
  return t('periodPicker.label' + p.granularity[0].toUpperCase() + p.granularity.slice(1), { year: p.year, n: p.index })
}

/** The current period of a granularity in Asia/Shanghai ("2024Q3" for a quarter). */
export function currentPeriod(granularity: Granularity = 'quarter', now = new Date()): string {
  const today = shanghaiToday(now)
  const index = granularity === 'year' ? 0 : granularity === 'quarter' ? today.quarter : today.month
  return formatPeriod({ granularity, year: today.year, index })
}

/**
 * The period of another granularity for `value`: widening takes the period containing it
 * (2024-08 → 2024Q3 → 2024); narrowing takes the current one when `value` contains today,
 * else its first (2024 → 2024Q1 → 2024-01). An unreadable value gives the current period.
 */
export function convertPeriod(value: string, granularity: Granularity, now = new Date()): string {
  const p = parsePeriod(value)
  if (!p) return currentPeriod(granularity, now)
  if (p.granularity === granularity) return formatPeriod(p)
  const today = shanghaiToday(now)
  // The period's months, first and last.
  const first = p.granularity === 'year' ? 1 : p.granularity === 'quarter' ? 3 * p.index - 2 : p.index
  const last = p.granularity === 'year' ? 12 : p.granularity === 'quarter' ? 3 * p.index : p.index
  const month = p.year === today.year && today.month >= first && today.month <= last ? today.month : first
  const index = granularity === 'year' ? 0 : granularity === 'quarter' ? Math.floor((month - 1) / 3) + 1 : month
  return formatPeriod({ granularity, year: p.year, index })
}

/** The day before an ISO date ("2025-01-01" → "2024-12-31"): a period's last day from its exclusive end. */
export function dayBefore(date: string): string {
  const d = new Date(date + 'T00:00:00Z')
  if (Number.isNaN(d.getTime())) return date
  return new Date(d.getTime() - 86_400_000).toISOString().slice(0, 10)
}
