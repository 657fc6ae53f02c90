import { describe, expect, it } from 'vitest'
import { groupByType } from './overdue'

describe('groupByType', () => {
  it('groups missed meetings by type, earliest deadline first', () => {
    const groups = groupByType([
      { type: 'lecture', period: '2026Q1', deadline: '2026-03-31' },
      { type: 'theme_day', period: '2026-02', deadline: '2026-02-28' },
      { type: 'theme_day', period: '2026-01', deadline: '2026-01-31' },
      { type: 'lecture', period: '2026Q2', deadline: '2026-06-30' },
    ])
    expect(groups).toEqual([
      { type: 'theme_day', periods: ['2026-01', '2026-02'], deadline: '2026-01-31' },
      { type: 'lecture', periods: ['2026Q1', '2026Q2'], deadline: '2026-03-31' },
    ])
  })
})
