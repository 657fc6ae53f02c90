import { describe, expect, it } from 'vitest'
import { addDays, breaksOf, dayLabel, distanceLabel, isMobile, nextDays, seatsLeft, shanghaiDate, slotLabel, shanghaiTime } from './format'

describe('residents see Shanghai dates and times whatever the phone is set to', () => {
  it('the Shanghai day starts at 16:00 UTC of the day before', () => {
    expect(shanghaiDate(new Date('2026-12-07T15:59:00Z'))).toBe('2026-12-07')
    expect(shanghaiDate(new Date('2026-12-07T16:00:00Z'))).toBe('2026-12-08')
  })
  it('a slot at 09:00+08:00 reads 09:00', () => {
    expect(shanghaiTime('2026-12-08T09:00:00+08:00')).toBe('09:00')
    expect(shanghaiTime('2026-12-08T13:30:00Z')).toBe('21:30')
  })
  it('the coming days cross months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(nextDays('2027-02-27', 3)).toEqual(['2027-02-27', '2027-02-28', '2027-03-01'])
  })
  it('a day is labelled with its weekday in both languages', () => {
    expect(dayLabel('2026-12-08', 'zh-CN')).toBe('12月8日 周二')
    expect(dayLabel('2026-12-08', 'en')).toBe('Tue 8 Dec')
    expect(slotLabel('2026-12-08T09:00:00+08:00', '2026-12-08T09:30:00+08:00', 'zh-CN')).toBe('12月8日 周二 09:00–09:30')
  })
})

describe('hours, seats and distances', () => {
  it('a lunch break is the gap between the morning and the afternoon', () => {
    expect(
      breaksOf([
        { start: '14:00', end: '18:00' },
        { start: '09:00', end: '12:00' },
        { start: '18:00', end: '21:00' },
      ]),
    ).toEqual([{ start: '12:00', end: '14:00' }])
    expect(breaksOf([{ start: '09:00', end: '17:00' }])).toEqual([])
  })
  it('a full slot has no seats left, and an overbooked one none either', () => {
    expect(seatsLeft({ capacity: 5, booked: 2 })).toBe(3)
    expect(seatsLeft({ capacity: 3, booked: 3 })).toBe(0)
    expect(seatsLeft({ capacity: 3, booked: 4 })).toBe(0)
  })
  it('distances read in metres nearby and kilometres farther', () => {
    expect(distanceLabel(350, 'zh-CN')).toBe('350 米')
    expect(distanceLabel(1234, 'zh-CN')).toBe('1.2 公里')
    expect(distanceLabel(25_400, 'en')).toBe('25 km')
  })
  it('only mainland mobile numbers are accepted', () => {
    expect(isMobile('13800138000')).toBe(true)
    expect(isMobile('12800138000')).toBe(false)
    expect(isMobile('1380013800')).toBe(false)
  })
})
