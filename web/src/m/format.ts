// Dates, times and distances for residents, always in Asia/Shanghai (the server's times carry
// +08:00; the phone may be set to any zone). China has no daylight saving time since 1991.
const ZONE = 'Asia/Shanghai'

/** YYYY-MM-DD of the Shanghai day that `at` falls on. */
export function shanghaiDate(at: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** The date `n` days after `date` (both YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  const d = new Date(date + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The next `count` dates from `from` on. */
export function nextDays(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i))
}

/** HH:MM in Shanghai of an ISO time. */
export function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
}

const ZH_WEEKDAYS = '日一二三四五六'
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "12月8日 周二" or "Tue 8 Dec" for a YYYY-MM-DD date. */
export function dayLabel(date: string, locale: string): string {
  const d = new Date(date + 'T00:00:00Z')
  const wd = d.getUTCDay()
  if (locale === 'en') return `${EN_WEEKDAYS[wd]} ${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]}`
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${ZH_WEEKDAYS[wd]}`
}

/** "12月8日 周二 09:00": an instant (a due time, when something happened), in Shanghai. */
export function dateTimeLabel(iso: string, locale: string): string {
  return `${dayLabel(shanghaiDate(new Date(iso)), locale)} ${shanghaiTime(iso)}`
}

/** "12月8日 周二 09:00–09:30": a booking's time, in Shanghai. */
export function slotLabel(startIso: string, endIso: string, locale: string): string {
  return `${dayLabel(shanghaiDate(new Date(startIso)), locale)} ${shanghaiTime(startIso)}–${shanghaiTime(endIso)}`
}

export interface Span {
  start: string
  end: string
}

/** The breaks of a day: the gaps between its consecutive opening periods (HH:MM, sorted). */
export function breaksOf(periods: Span[]): Span[] {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start))
  const out: Span[] = []
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i - 1].end < sorted[i].start) out.push({ start: sorted[i - 1].end, end: sorted[i].start })
  return out
}

/** "350 米" / "1.2 公里" (or m / km). */
export function distanceLabel(metres: number, locale: string): string {
  if (metres < 1000) return locale === 'en' ? `${metres} m` : `${metres} 米`
  const km = (metres / 1000).toFixed(metres < 10_000 ? 1 : 0)
  return locale === 'en' ? `${km} km` : `${km} 公里`
}

/** Seats still free in a slot (never below zero). */
export function seatsLeft(slot: { capacity: number; booked: number }): number {
  return Math.max(0, slot.capacity - slot.booked)
}

/** A mainland mobile number: 11 digits starting 1[3-9]. */
export function isMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone)
}
