import { describe, expect, it } from 'vitest'
import { zhCN, en } from './messages'
import { routes } from './router'

type Tree = { [k: string]: string | Tree }
const keys = (o: Tree, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))

describe("the residents' app", () => {
  it('has the same message keys in zh-CN and en', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('words every booking status and the codes residents meet', () => {
    expect(Object.keys(zhCN.bookings.status).sort()).toEqual(['booked', 'cancelled', 'no_show', 'visited'])
    for (const code of ['slot_full', 'invalid_code', 'code_too_soon', 'too_many_codes']) expect(zhCN.errors).toHaveProperty(code)
  })
  it('asks to log in before booking, before a request and on the personal pages only', () => {
    const needsLogin = routes.filter((r) => r.meta?.login).map((r) => r.name)
    expect(needsLogin.sort()).toEqual(['book', 'bookings', 'me', 'request', 'request-new', 'requests'])
  })
  it('words every state of a request, every rating and the refusals of the rating and the member link', () => {
    expect(Object.keys(zhCN.requests.states).sort()).toEqual(['open', 'overdue', 'rated', 'resolved'])
    expect(Object.keys(zhCN.requests.detail.ratingWords)).toEqual(['1', '2', '3', '4', '5'])
    for (const code of ['ticket_open', 'already_rated', 'member_not_matched']) expect(zhCN.errors).toHaveProperty(code)
  })
  it('tells a resident sending a request that the staff see the mobile they signed in with, masked, and that a full view is recorded', () => {
    expect(zhCN.requests.form.privacy).toMatch(/手机号/)
    expect(zhCN.requests.form.privacy).toMatch(/部分号码/)
    expect(zhCN.requests.form.privacy).toMatch(/记录/)
    expect(en.requests.form.privacy).toMatch(/mobile number/)
    expect(en.requests.form.privacy).toMatch(/in part/)
    expect(en.requests.form.privacy).toMatch(/recorded/)
  })
})
