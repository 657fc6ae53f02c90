import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES, fileSize, photoIdOf, planUpload } from './photos'
import { comingLeave, daySeats, seatsWithLeave, weekdayOf } from './leave'

const file = (name: string, type: string, size = 1000) => ({ name, type, size })

describe("a center's photos, checked before they are sent", () => {
  it('takes JPEG, PNG and WebP files of at most 5 MB', () => {
    const ok = [file('a.jpg', 'image/jpeg'), file('b.png', 'image/png'), file('c.webp', 'image/webp', MAX_PHOTO_BYTES)]
    expect(planUpload(ok, 0)).toEqual({ send: ok, refused: [] })
  })
  it('refuses other types and larger files, saying which and why', () => {
    const gif = file('x.gif', 'image/gif')
    const pdf = file('x.pdf', 'application/pdf')
    const big = file('big.jpg', 'image/jpeg', MAX_PHOTO_BYTES + 1)
    const plan = planUpload([gif, big, pdf], 0)
    expect(plan.send).toEqual([])
    expect(plan.refused).toEqual([
      { file: gif, problem: 'photo_type' },
      { file: big, problem: 'photo_too_large' },
      { file: pdf, problem: 'photo_type' },
    ])
  })
  it('reads the type from the name when the browser gives none', () => {
    expect(planUpload([file('IMG_0001.JPG', '')], 0).send).toHaveLength(1)
    expect(planUpload([file('scan.heic', '')], 0).refused[0].problem).toBe('photo_type')
  })
  it('sends no more than the 12 a center may have', () => {
    const three = [file('1.jpg', 'image/jpeg'), file('2.jpg', 'image/jpeg'), file('3.jpg', 'image/jpeg')]
    const plan = planUpload(three, 10)
    expect(plan.send).toEqual(three.slice(0, 2))
    expect(plan.refused).toEqual([{ file: three[2], problem: 'too_many_photos' }])
    expect(planUpload(three, 12).send).toEqual([])
  })
  it('finds the id in a photo URL and words a size', () => {
    expect(photoIdOf('/api/centers/12/photos/345')).toBe(345)
    expect(photoIdOf('/api/centers/12')).toBeNaN()
    expect(fileSize(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(fileSize(340 * 1024)).toBe('340 KB')
    expect(fileSize(10)).toBe('1 KB')
  })
})

describe('staff leave', () => {
  it('shrinks the seats in proportion to the windows left, rounding down', () => {
    expect(seatsWithLeave(10, 4, 0)).toBe(10)
    expect(seatsWithLeave(10, 4, 1)).toBe(7)
    expect(seatsWithLeave(10, 4, 2)).toBe(5)
    expect(seatsWithLeave(1, 2, 1)).toBe(0)
    expect(seatsWithLeave(10, 4, 4)).toBe(0)
    expect(seatsWithLeave(10, 0, 1)).toBe(10) // a center without counters has nothing to close
  })
  it('lists the coming days in order, without past ones or cleared ones', () => {
    const items = [
      { date: '2026-12-20', counters_off: 1, reason: '' },
      { date: '2026-12-06', counters_off: 2, reason: '' },
      { date: '2026-12-08', counters_off: 2, reason: '培训' },
      { date: '2026-12-09', counters_off: 0, reason: '' },
    ]
    expect(comingLeave(items, '2026-12-08').map((l) => l.date)).toEqual(['2026-12-08', '2026-12-20'])
  })
  it('knows the weekday of a date whatever the browser zone', () => {
    expect(weekdayOf('2026-12-08')).toBe(2) // a Tuesday
    expect(weekdayOf('2027-01-03')).toBe(0)
  })
  it("reads the day's seats and bookings from the server's slots", () => {
    const slot = (capacity: number, booked: number) => ({ start: '', end: '', kind: 'regular' as const, capacity, booked })
    expect(daySeats({ date: '2026-12-08', items: [slot(5, 1), slot(5, 6), slot(5, 0)] })).toEqual({
      slots: 3,
      seats: 5,
      booked: 7,
      overfull: 1,
    })
    expect(daySeats({ date: '2026-12-08', items: [] })).toEqual({ slots: 0, seats: 0, booked: 0, overfull: 0 })
  })
})
