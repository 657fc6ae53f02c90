import { describe, expect, it } from 'vitest'
import { copyMondayToWeekdays, defaultWeek, hoursBody, weekFrom } from './hours'

describe("a center's hours as the staff edit them", () => {
  it('Monday copied to the other weekdays leaves the weekend alone, and copies, not shares', () => {
    const week = defaultWeek()
    week.mon = [{ start: '08:30', end: '17:30', kind: 'regular' }]
    const copied = copyMondayToWeekdays(week)
    expect(copied.fri).toEqual([{ start: '08:30', end: '17:30', kind: 'regular' }])
    expect(copied.sat).toEqual([{ start: '09:00', end: '12:00', kind: 'off_peak' }])
    copied.fri[0].end = '20:00'
    expect(copied.mon[0].end).toBe('17:30')
  })
  it('the body sends periods in order and each exception with what its kind needs', () => {
    const week = weekFrom({
      mon: [
        { start: '14:00', end: '18:00' },
        { start: '09:00', end: '12:00' },
      ],
      sat: [{ start: '19:00', end: '21:00', kind: 'extended' }],
    })
    const body = hoursBody(week, [
      { date: '2027-02-06', kind: 'workday', as: 'fri', periods: [] },
      { date: '2027-10-01', kind: 'closed', as: 'mon' },
      { date: '2027-10-08', kind: 'hours', periods: [{ start: '10:00', end: '12:00', kind: 'regular' }] },
    ])
    expect(body.week.mon.map((p) => p.start)).toEqual(['09:00', '14:00'])
    expect(body.week.mon[0].kind).toBe('regular')
    expect(body.week.sat[0].kind).toBe('extended')
    expect(body.week.sun).toEqual([])
    expect(body.days).toEqual([
      { date: '2027-02-06', kind: 'workday', as: 'fri' },
      { date: '2027-10-01', kind: 'closed' },
      { date: '2027-10-08', kind: 'hours', periods: [{ start: '10:00', end: '12:00', kind: 'regular' }] },
    ])
  })
})
