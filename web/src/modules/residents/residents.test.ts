import { describe, expect, it } from 'vitest'
import { decisionsFor, reasonProblem, statusFilterOf, statusTagType } from './api'

describe("a return's reason", () => {
  it('is required: the resident reads it to put the statement right', () => {
    expect(reasonProblem('')).toBe('required')
    expect(reasonProblem('   \n ')).toBe('required')
    expect(reasonProblem('地址不在本社区')).toBeNull()
  })
  it('is at most 200 characters once trimmed, counted as characters, not bytes', () => {
    expect(reasonProblem('核'.repeat(200))).toBeNull()
    expect(reasonProblem('  ' + '核'.repeat(200) + '  ')).toBeNull()
    expect(reasonProblem('核'.repeat(201))).toBe('too_long')
  })
})

describe('the decisions on a resident', () => {
  it('verify or return a pending one, return a verified one, verify a returned one', () => {
    expect(decisionsFor('pending')).toEqual({ verify: true, giveBack: true })
    expect(decisionsFor('verified')).toEqual({ verify: false, giveBack: true })
    expect(decisionsFor('returned')).toEqual({ verify: true, giveBack: false })
    expect(decisionsFor('none')).toEqual({ verify: false, giveBack: false })
  })
  it('shows each status in its own colour', () => {
    expect(new Set(['pending', 'verified', 'returned', 'none'].map((s) => statusTagType(s as 'none'))).size).toBe(4)
  })
})

describe('the status filter from the address bar', () => {
  it('keeps a known one and falls back to the pending ones', () => {
    expect(statusFilterOf('returned')).toBe('returned')
    expect(statusFilterOf('all')).toBe('all')
    expect(statusFilterOf('none')).toBe('pending')
    expect(statusFilterOf(undefined)).toBe('pending')
    expect(statusFilterOf(['verified'])).toBe('pending')
  })
})
