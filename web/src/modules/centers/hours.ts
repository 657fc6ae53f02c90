// The hours editor's model: a week of opening periods (with breaks between them, off-peak
// 错时 and extended 延时 periods marked) and the center's own dated exceptions; the server
// checks the periods (HH:MM, in order, not overlapping) and words what is wrong.
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const PERIOD_KINDS = ['regular', 'off_peak', 'extended'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

export interface Period {
  start: string
  end: string
  kind: PeriodKind
}
export interface DayRule {
  date: string
  kind: 'closed' | 'workday' | 'hours'
  as?: Weekday
  periods?: Period[]
}
export type Week = Record<Weekday, Period[]>

/** A common plan: weekdays 09:00–12:00 and 14:00–18:00, Saturday morning off-peak, Sunday closed. */
export function defaultWeek(): Week {
  const day = (): Period[] => [
    { start: '09:00', end: '12:00', kind: 'regular' },
    { start: '14:00', end: '18:00', kind: 'regular' },
  ]
  return { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [{ start: '09:00', end: '12:00', kind: 'off_peak' }], sun: [] }
}

/** The week as the server answered it (kind may be missing: regular). */
export function weekFrom(week: Partial<Record<string, { start: string; end: string; kind?: string }[]>>): Week {
  const out = {} as Week
  for (const d of WEEKDAYS) out[d] = (week[d] ?? []).map((p) => ({ start: p.start, end: p.end, kind: (p.kind ?? 'regular') as PeriodKind }))
  return out
}

/** Monday's periods copied to Tuesday–Friday. */
export function copyMondayToWeekdays(week: Week): Week {
  const out = { ...week }
  for (const d of ['tue', 'wed', 'thu', 'fri'] as const) out[d] = week.mon.map((p) => ({ ...p }))
  return out
}

/** Periods sorted by start, as the server wants them. */
export function sortedPeriods(periods: Period[]): Period[] {
  return [...periods].sort((a, b) => a.start.localeCompare(b.start))
}

/** The `hours` body of POST/PUT /api/centers. */
export function hoursBody(week: Week, days: DayRule[]) {
  const w = {} as Record<Weekday, Period[]>
  for (const d of WEEKDAYS) w[d] = sortedPeriods(week[d])
  return {
    week: w,
    days: days.map((r) =>
      r.kind === 'workday'
        ? { date: r.date, kind: r.kind, as: r.as ?? 'mon' }
        : r.kind === 'hours'
          ? { date: r.date, kind: r.kind, periods: sortedPeriods(r.periods ?? []) }
          : { date: r.date, kind: r.kind },
    ),
  }
}
