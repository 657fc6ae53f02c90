import { describe, expect, it } from 'vitest'
import { queueQuery, shanghaiDateTime, unitIds } from './api'

describe('the ticket queue filters', () => {
  it('asks for open tickets past their due time when the overdue filter is on', () => {
    expect(queueQuery('overdue')).toEqual({ status: 'open', overdue: 1 })
    expect(queueQuery('open')).toEqual({ status: 'open' })
    expect(queueQuery('resolved')).toEqual({ status: 'resolved' })
    expect(queueQuery('all')).toEqual({})
  })
})

describe('the due time picked at the window', () => {
  it('means Shanghai wall-clock time, whatever the browser zone', () => {
    // The picker hands back a Date whose local fields are what the clerk chose.
    expect(shanghaiDateTime(new Date(2026, 11, 8, 17, 5, 42))).toBe('2026-12-08T17:05:00+08:00')
    expect(shanghaiDateTime(new Date(2027, 0, 1, 0, 0))).toBe('2027-01-01T00:00:00+08:00')
  })
})

describe('the units a ticket goes to', () => {
  it('keeps the chosen ones in order, the first (the lead) first, each once', () => {
    expect(unitIds([undefined])).toEqual([])
    expect(unitIds([7, undefined, 3, 7, 9])).toEqual([7, 3, 9])
  })
})
