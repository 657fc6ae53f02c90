import { describe, expect, it } from 'vitest'
import { convertPeriod, currentPeriod, dayBefore, formatPeriod, parsePeriod } from './period'

// 2024-09-30 20:00 UTC is already 2024-10-01 04:00 in Shanghai: the fourth quarter there.
const lateSeptemberUtc = new Date(Date.UTC(2024, 8, 30, 20, 0, 0))

describe('periods', () => {
  it('reads and writes the API forms', () => {
    expect(parsePeriod('2024')).toEqual({ granularity: 'year', year: 2024, index: 0 })
    expect(parsePeriod('2024Q3')).toEqual({ granularity: 'quarter', year: 2024, index: 3 })
    expect(parsePeriod('2024-07')).toEqual({ granularity: 'month', year: 2024, index: 7 })
    for (const bad of ['', '24', '2024Q5', '2024-13', '2024-7', 'Q3']) expect(parsePeriod(bad)).toBeNull()
    for (const s of ['2024', '2024Q3', '2024-07', '2024-12']) expect(formatPeriod(parsePeriod(s)!)).toBe(s)
  })

  it('defaults to the current quarter in Asia/Shanghai', () => {
    expect(currentPeriod('quarter', lateSeptemberUtc)).toBe('2024Q4')
    expect(currentPeriod('month', lateSeptemberUtc)).toBe('2024-10')
    expect(currentPeriod('year', new Date(Date.UTC(2024, 11, 31, 17, 0, 0)))).toBe('2025')
    expect(currentPeriod(undefined, lateSeptemberUtc)).toBe('2024Q4')
  })

  it('widens to the containing period', () => {
    expect(convertPeriod('2024-08', 'quarter')).toBe('2024Q3')
    expect(convertPeriod('2024-12', 'quarter')).toBe('2024Q4')
    expect(convertPeriod('2024-08', 'year')).toBe('2024')
    expect(convertPeriod('2024Q2', 'year')).toBe('2024')
  })

  it('narrows to the current period inside it, else its first', () => {
    expect(convertPeriod('2024', 'quarter', lateSeptemberUtc)).toBe('2024Q4')
    expect(convertPeriod('2024', 'month', lateSeptemberUtc)).toBe('2024-10')
    expect(convertPeriod('2024Q4', 'month', lateSeptemberUtc)).toBe('2024-10')
    expect(convertPeriod('2023', 'quarter', lateSeptemberUtc)).toBe('2023Q1')
    expect(convertPeriod('2024Q3', 'month', lateSeptemberUtc)).toBe('2024-07')
  })

  it('keeps a period of the same granularity and replaces an unreadable one', () => {
    expect(convertPeriod('2024Q3', 'quarter')).toBe('2024Q3')
    expect(convertPeriod('garbage', 'quarter', lateSeptemberUtc)).toBe('2024Q4')
  })

  it("names a period's last day from its exclusive end", () => {
    expect(dayBefore('2025-01-01')).toBe('2024-12-31')
    expect(dayBefore('2024-03-01')).toBe('2024-02-29')
  })
})
