import { describe, expect, it } from 'vitest'
import { formatTime, passwordProblems, shanghaiDayStart } from './format'

describe('formatTime', () => {
  it('shows Shanghai time whatever the offset of the input', () => {
    expect(formatTime('2024-08-15T11:30:00.000Z')).toBe('2024-08-15 19:30:00')
    expect(formatTime('2024-08-15T19:30:00.000+08:00')).toBe('2024-08-15 19:30:00')
    expect(formatTime('2024-12-31T16:00:00Z')).toBe('2025-01-01 00:00:00')
  })
  it('shows a dash for nothing or garbage', () => {
    expect(formatTime(null)).toBe('—')
    expect(formatTime('')).toBe('—')
    expect(formatTime('not a date')).toBe('—')
  })
})

describe('shanghaiDayStart', () => {
  it('renders the picked calendar day at Shanghai midnight', () => {
    expect(shanghaiDayStart(new Date(2024, 6, 1))).toBe('2024-07-01T00:00:00+08:00')
  })
})

describe('passwordProblems mirrors the server policy', () => {
  it('accepts what the server accepts', () => {
    expect(passwordProblems('Correct-horse9', 'alice')).toEqual([])
    expect(passwordProblems('abcdefgh12!!')).toEqual([])
  })
  it('names each problem', () => {
    expect(passwordProblems('Short1!')).toContain('length')
    expect(passwordProblems('lowercase12345')).toEqual(['classes'])
    expect(passwordProblems('Xalice-2024!', 'alice')).toEqual(['username'])
  })
})
