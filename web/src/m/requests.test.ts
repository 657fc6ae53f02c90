import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/http'
import type { Ticket } from './api'
import { appendPage, canRate, charCount, cleanText, requestBody, requestState, serverFieldError, trail, validateRequest } from './requests'

const good = { centerId: 7, category: 'public', title: '小区门口路灯不亮', description: '' }

describe('the request form', () => {
  it('passes a complete form and names every missing field', () => {
    expect(validateRequest(good)).toEqual({})
    expect(validateRequest({ centerId: null, category: '', title: '   ', description: '' })).toEqual({
      center_id: { issue: 'required' },
      category: { issue: 'required' },
      title: { issue: 'required' },
    })
    expect(validateRequest({ ...good, category: 'other' })).toEqual({ category: { issue: 'required' } })
  })
  it('counts characters as the server does: a title of 100 Chinese characters or emoji fits, 101 does not', () => {
    expect(validateRequest({ ...good, title: '灯'.repeat(100) })).toEqual({})
    expect(validateRequest({ ...good, title: '😀'.repeat(100) })).toEqual({})
    expect(charCount('😀')).toBe(1)
    expect(validateRequest({ ...good, title: '灯'.repeat(101) })).toEqual({ title: { issue: 'too_long', max: 100 } })
    expect(validateRequest({ ...good, description: '字'.repeat(2001) })).toEqual({ description: { issue: 'too_long', max: 2000 } })
  })
  it('drops the invisible characters the server refuses (pasted from a chat app) and keeps line breaks in the details', () => {
    expect(cleanText('路灯\u200b不亮\u202e')).toBe('路灯不亮')
    expect(cleanText('第一行\r\n第二行\t完', true)).toBe('第一行\r\n第二行\t完')
    expect(cleanText('第一行\n第二行')).toBe('第一行第二行')
    // A title of nothing but invisible characters is empty.
    expect(validateRequest({ ...good, title: '\u200b\ufeff' })).toEqual({ title: { issue: 'required' } })
    expect(requestBody({ ...good, title: ' 路灯\u200b不亮 ', description: ' 门口\n东侧 ' })).toEqual({
      center_id: 7,
      category: 'public',
      title: '路灯不亮',
      description: '门口\n东侧',
    })
  })
})

describe("the server's refusals beside their fields", () => {
  const fields = ['center_id', 'category', 'title', 'description']
  it('places a refusal that names a field of the form beside it', () => {
    const gone = new ApiError(404, 'not_found', '服务中心不存在 / center not found', 'center_id')
    expect(serverFieldError(gone, fields)).toEqual(['center_id', { issue: 'server', message: '服务中心不存在 / center not found' }])
  })
  it("tells the server's generic length and character refusals in the form's words", () => {
    const length = new ApiError(400, 'invalid_field', 'title 长度无效 / has an invalid length', 'title')
    expect(serverFieldError(length, fields, { title: '' })).toEqual(['title', { issue: 'required' }])
    expect(serverFieldError(length, fields, { title: '长' })).toEqual(['title', { issue: 'too_long', max: 100 }])
    const chars = new ApiError(400, 'invalid_field', 'title 含有控制字符或非法字符 / has control or invalid characters', 'title')
    expect(serverFieldError(chars, fields)).toEqual(['title', { issue: 'bad_chars' }])
  })
  it('leaves a refusal without a field of the form to the general notice', () => {
    expect(serverFieldError(new ApiError(429, 'rate_limited', '稍后再试 / later'), fields)).toBeNull()
    expect(serverFieldError(new ApiError(400, 'invalid_field', 'x / x', 'unit_ids'), fields)).toBeNull()
    expect(serverFieldError(new TypeError('offline'), fields)).toBeNull()
  })
})

const event = (kind: string, note = '', to: number | null = null, toName: string | null = null) => ({
  at: '2026-12-08T09:00:00.000+08:00',
  actor: '窗口',
  kind,
  note,
  from_org_id: null,
  from_org_name: null,
  to_org_id: to,
  to_org_name: toName,
})

describe("a request's state and trail", () => {
  it('reads open, overdue, resolved and rated, and may be rated once, after it is resolved', () => {
    expect(requestState({ status: 'open', overdue: false, rating: null })).toBe('open')
    expect(requestState({ status: 'open', overdue: true, rating: null })).toBe('overdue')
    expect(requestState({ status: 'resolved', overdue: false, rating: null })).toBe('resolved')
    expect(requestState({ status: 'resolved', overdue: false, rating: 4 })).toBe('rated')
    expect(canRate({ status: 'open', rating: null })).toBe(false)
    expect(canRate({ status: 'resolved', rating: null })).toBe(true)
    expect(canRate({ status: 'resolved', rating: 3 })).toBe(false)
  })
  it('tells each event in words, with the units named as the server names them and the notes kept', () => {
    const events = [
      event('create', 'online', 13, '桂园街道'),
      event('transfer', '请社区核实', 21, '南园社区'),
      event('transfer', '转回', 22), // a unit the server could not name
      event('note', '已联系'),
      event('resolve', '已修好'),
      event('rate', '4/5'),
    ]
    const lines = trail({ events } as Pick<Ticket, 'events'>, '其他单位')
    expect(lines.map((l) => [l.key, l.params, l.note])).toEqual([
      ['requests.trail.createOnline', { to: '桂园街道' }, ''],
      ['requests.trail.transfer', { to: '南园社区' }, '请社区核实'],
      ['requests.trail.transfer', { to: '其他单位' }, '转回'],
      ['requests.trail.note', {}, '已联系'],
      ['requests.trail.resolve', {}, '已修好'],
      ['requests.trail.rate', { n: 4 }, ''],
    ])
  })
})

describe('the words beside a field and of a rating', () => {
  it('says what is wrong in the UI language', async () => {
    const { fieldErrorText, i18n, setLocale } = await import('./i18n')
    setLocale('zh-CN')
    expect(fieldErrorText('title', { issue: 'required' })).toBe('请用一句话说明您的诉求')
    expect(fieldErrorText('title', { issue: 'too_long', max: 100 })).toBe('不能超过 100 字')
    expect(fieldErrorText('center_id', { issue: 'server', message: '服务中心不存在 / center not found' })).toBe('服务中心不存在')
    expect(i18n.global.t('requests.detail.ratingWords.4')).toBe('满意')
    setLocale('en')
    expect(fieldErrorText('center_id', { issue: 'server', message: '服务中心不存在 / center not found' })).toBe('center not found')
    expect(i18n.global.t('requests.detail.ratingLabel', { n: 5, word: i18n.global.t('requests.detail.ratingWords.5') })).toBe(
      '5: Very satisfied',
    )
    setLocale('zh-CN')
  })
})

describe('my requests, a page at a time', () => {
  const r = (id: number) => ({ id })
  it('appends the next page and says whether older requests remain', () => {
    const first = appendPage([], { items: [r(9), r(8)], total: 3 })
    expect(first).toEqual({ items: [r(9), r(8)], more: true })
    expect(appendPage(first.items, { items: [r(7)], total: 3 })).toEqual({ items: [r(9), r(8), r(7)], more: false })
  })
  it('leaves out one already shown when a new request shifted the pages', () => {
    // Request 10 was sent after the first page: page 2 now starts with 8 again.
    expect(appendPage([r(9), r(8)], { items: [r(8), r(7)], total: 4 })).toEqual({ items: [r(9), r(8), r(7)], more: true })
  })
  it('stops asking when a page comes back empty, whatever the total says', () => {
    expect(appendPage([r(9)], { items: [], total: 5 }).more).toBe(false)
  })
})
