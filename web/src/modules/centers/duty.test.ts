import { describe, expect, it } from 'vitest'
import {
  addDays,
  checkDutyList,
  cleanDutyList,
  dutyCalendar,
  dutyDayAllowed,
  moveRow,
  restOfWeek,
  restOfWorkWeek,
  sameDutyList,
  sameWeekdayAhead,
} from './duty'

const p = (name: string, post = '') => ({ name, post })

describe("a day's duty list, checked as the server checks it", () => {
  it('trims names and posts and drops rows left entirely blank', () => {
    expect(cleanDutyList([p('  张三 ', ' 值班领导\t'), p('', ''), p(' ', '社工')])).toEqual([p('张三', '值班领导'), p('', '社工')])
  })
  it('asks for a name on each row, of at most 30 characters, and a post of at most 30', () => {
    expect(checkDutyList([p('张三', '值班领导'), p('李四')])).toEqual([])
    expect(checkDutyList([p('', '社工')])).toEqual([{ row: 0, field: 'name', problem: 'name_required' }])
    // 30 Chinese characters are 30, not 90 bytes; 31 is one too many.
    expect(checkDutyList([p('王'.repeat(30), '窗'.repeat(30))])).toEqual([])
    expect(checkDutyList([p('王'.repeat(31), '窗'.repeat(31))])).toEqual([
      { row: 0, field: 'name', problem: 'name_too_long' },
      { row: 0, field: 'post', problem: 'post_too_long' },
    ])
    // An emoji is one character to the server, two UTF-16 units to JavaScript.
    expect(checkDutyList([p('😀'.repeat(30))])).toEqual([])
  })
  it('refuses a name twice on one day, naming the second row', () => {
    expect(checkDutyList([p('张三', '综合窗口'), p('李四'), p('张三', '党务窗口')])).toEqual([
      { row: 2, field: 'name', problem: 'name_twice' },
    ])
  })
  it('refuses invisible characters that make two names look alike', () => {
    expect(checkDutyList([p('张\u200b三')])).toEqual([{ row: 0, field: 'name', problem: 'invalid_chars' }])
  })
  it('takes at most 20 people a day', () => {
    const staff = Array.from({ length: 21 }, (_, i) => p('人员' + i))
    expect(checkDutyList(staff.slice(0, 20))).toEqual([])
    expect(checkDutyList(staff)).toEqual([{ row: -1, field: 'staff', problem: 'too_many' }])
  })
  it('moves a person up or down the list, and not past its ends', () => {
    const list = ['a', 'b', 'c']
    expect(moveRow(list, 2, 1)).toEqual(['a', 'c', 'b'])
    expect(moveRow(list, 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moveRow(list, 0, -1)).toBe(list)
    expect(moveRow(list, 2, 3)).toBe(list)
  })
  it('compares lists by people, posts and order', () => {
    expect(sameDutyList([p('a', 'x'), p('b')], [p('a', 'x'), p('b')])).toBe(true)
    expect(sameDutyList([p('a'), p('b')], [p('b'), p('a')])).toBe(false)
    expect(sameDutyList([p('a', 'x')], [p('a', 'y')])).toBe(false)
  })
})

describe('the days of a rota', () => {
  it('counts calendar days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
  })
  it('allows today up to a year ahead, not the past', () => {
    expect(dutyDayAllowed('2026-12-08', '2026-12-08')).toBe(true)
    expect(dutyDayAllowed('2026-12-07', '2026-12-08')).toBe(false)
    expect(dutyDayAllowed('2027-12-09', '2026-12-08')).toBe(true) // 366 days
    expect(dutyDayAllowed('2027-12-10', '2026-12-08')).toBe(false)
  })
  it('lays out every coming day, with the lists the server has and none for the others', () => {
    const days = dutyCalendar([{ date: '2026-12-10', staff: [p('张三', '社工')] }], '2026-12-08', 4)
    expect(days).toEqual([
      { date: '2026-12-08', staff: [] },
      { date: '2026-12-09', staff: [] },
      { date: '2026-12-10', staff: [p('张三', '社工')] },
      { date: '2026-12-11', staff: [] },
    ])
  })
  it('copies to the rest of the week (to Sunday), its working days, or the same weekday ahead', () => {
    // 2026-12-08 is a Tuesday.
    expect(restOfWeek('2026-12-08')).toEqual(['2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'])
    expect(restOfWorkWeek('2026-12-08')).toEqual(['2026-12-09', '2026-12-10', '2026-12-11'])
    expect(restOfWeek('2026-12-13')).toEqual([]) // a Sunday ends its week
    expect(restOfWeek('2026-12-07')).toHaveLength(6) // from a Monday
    expect(sameWeekdayAhead('2026-12-08', 3)).toEqual(['2026-12-15', '2026-12-22', '2026-12-29'])
  })
})
