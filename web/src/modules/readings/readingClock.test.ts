import { describe, expect, it } from 'vitest'
import { MAX_SESSION_SECONDS, ReadingClock } from './readingClock'

describe('ReadingClock', () => {
  it('counts only the time the page was visible', () => {
    const c = new ReadingClock(0)
    expect(c.seconds(30_500)).toBe(30)
    c.pause(40_000)
    expect(c.running).toBe(false)
    expect(c.seconds(400_000)).toBe(40) // hidden: nothing added
    c.resume(400_000)
    c.resume(450_000) // a second resume does not restart the count
    expect(c.seconds(460_000)).toBe(100)
    c.pause(460_000)
    c.pause(470_000)
    expect(c.seconds(900_000)).toBe(100)
  })

  it('caps a session at four hours', () => {
    const c = new ReadingClock(0)
    expect(c.seconds(10 * 3600_000)).toBe(MAX_SESSION_SECONDS)
  })

  it('names its start in Shanghai time', () => {
    const c = new ReadingClock(Date.UTC(2024, 7, 15, 11, 30, 5, 123))
    expect(c.startedAt()).toBe('2024-08-15T19:30:05+08:00')
    expect(new ReadingClock(Date.UTC(2024, 11, 31, 16, 0, 0)).startedAt()).toBe('2025-01-01T00:00:00+08:00')
  })
})
