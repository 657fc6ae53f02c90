// Staff on duty (值班安排) at a center, by day: the rules the server applies to a day's list
// (service/center_staff.cpp), checked in the form before anything is sent, and the days a list
// can be copied to.
import type { DutyDay } from './api'
import { weekdayOf } from './leave'

/** One person on duty: a name and the post they hold that day (值班领导, 综合窗口, …). */
export type OnDuty = DutyDay['staff'][number]

/** At most this many people a day (centers::kMaxOnDuty). */
export const MAX_ON_DUTY = 20
/** A name and a post are at most 30 characters each. */
export const MAX_DUTY_TEXT = 30
/** A rota reaches from today to a year ahead (kDutyAheadDays). */
export const DUTY_AHEAD_DAYS = 366
/** One read covers at most 92 days (kDutyListDays). */
export const DUTY_LIST_DAYS = 92
/** The posts offered in the form; any other text is allowed. */
export const DUTY_POSTS = ['值班领导', '综合窗口', '党务窗口', '政务窗口', '社工', '志愿者'] as const

/** A problem with one row (`row` ≥ 0) or with the whole list (`row` = -1). */
export interface DutyProblem {
  row: number
  field: 'name' | 'post' | 'staff'
  problem: 'name_required' | 'name_too_long' | 'post_too_long' | 'name_twice' | 'too_many' | 'invalid_chars'
}

/** Characters as the server counts them (code points, not UTF-16 units). */
const length = (s: string) => [...s].length
const trim = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '')
// Control characters, and the invisible ones that make two names look alike (utf8.cpp).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\u061c\ufeff]/

/** The list as it will be sent: names and posts trimmed, rows without a name or post dropped. */
export function cleanDutyList(staff: OnDuty[]): OnDuty[] {
  return staff.map((s) => ({ name: trim(s.name), post: trim(s.post) })).filter((s) => s.name || s.post)
}

/**
 * What the server would refuse in a day's list (after cleanDutyList): a missing or too long
 * name, a too long post, a name twice, more than 20 people. Rows are the cleaned list's.
 */
export function checkDutyList(staff: OnDuty[]): DutyProblem[] {
  const problems: DutyProblem[] = []
  if (staff.length > MAX_ON_DUTY) problems.push({ row: -1, field: 'staff', problem: 'too_many' })
  const seen = new Set<string>()
  staff.forEach((s, row) => {
    if (!s.name) problems.push({ row, field: 'name', problem: 'name_required' })
    else if (length(s.name) > MAX_DUTY_TEXT) problems.push({ row, field: 'name', problem: 'name_too_long' })
    else if (UNSAFE.test(s.name)) problems.push({ row, field: 'name', problem: 'invalid_chars' })
    else if (seen.has(s.name)) problems.push({ row, field: 'name', problem: 'name_twice' })
    seen.add(s.name)
    if (length(s.post) > MAX_DUTY_TEXT) problems.push({ row, field: 'post', problem: 'post_too_long' })
    else if (UNSAFE.test(s.post)) problems.push({ row, field: 'post', problem: 'invalid_chars' })
  })
  return problems
}

/** The list with row `from` moved to `to` (both in range), the rest in order. */
export function moveRow<T>(rows: T[], from: number, to: number): T[] {
  if (to < 0 || to >= rows.length || from === to) return rows
  const out = [...rows]
  const [row] = out.splice(from, 1)
  out.splice(to, 0, row)
  return out
}

/** The calendar day `n` days after a YYYY-MM-DD date (n may be negative). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** Whether a day may have a rota: from today to a year ahead. */
export function dutyDayAllowed(date: string, today: string): boolean {
  return date >= today && date <= addDays(today, DUTY_AHEAD_DAYS)
}

/** `count` days from `first`, each with its list from the server's items (empty when none). */
export function dutyCalendar(items: DutyDay[], first: string, count: number): DutyDay[] {
  const byDate = new Map(items.map((d) => [d.date, d.staff]))
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(first, i)
    return { date, staff: byDate.get(date) ?? [] }
  })
}

/** The days after `date` to the end of its week (Monday to Sunday, as offices count weeks). */
export function restOfWeek(date: string): string[] {
  const left = (7 - weekdayOf(date)) % 7 // Sunday ends the week: none left after it
  return Array.from({ length: left }, (_, i) => addDays(date, i + 1))
}

/** The working days (Monday to Friday) after `date` to the end of its week. */
export function restOfWorkWeek(date: string): string[] {
  return restOfWeek(date).filter((d) => weekdayOf(d) >= 1 && weekdayOf(d) <= 5)
}

/** The same weekday in each of the next `weeks` weeks. */
export function sameWeekdayAhead(date: string, weeks: number): string[] {
  return Array.from({ length: weeks }, (_, i) => addDays(date, 7 * (i + 1)))
}

/** Whether two lists are the same people in the same posts and order. */
export function sameDutyList(a: OnDuty[], b: OnDuty[]): boolean {
  return a.length === b.length && a.every((s, i) => s.name === b[i].name && s.post === b[i].post)
}
