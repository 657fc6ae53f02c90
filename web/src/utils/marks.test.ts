import { describe, expect, it } from 'vitest'
import { markParts } from './marks'

describe('markParts', () => {
  it('marks hits by code point, not by UTF-16 unit', () => {
    expect(markParts('加强𠀀党建工作', [[3, 2]])).toEqual([
      { text: '加强𠀀', hit: false },
      { text: '党建', hit: true },
      { text: '工作', hit: false },
    ])
  })
  it('drops overlapping marks and marks past the end', () => {
    expect(
      markParts('基层治理', [
        [1, 2],
        [0, 2],
        [9, 1],
      ]),
    ).toEqual([
      { text: '基层', hit: true },
      { text: '治理', hit: false },
    ])
  })
  it('keeps a text without marks whole', () => {
    expect(markParts('<b>x</b>', [])).toEqual([{ text: '<b>x</b>', hit: false }])
  })
})
