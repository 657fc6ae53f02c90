// One-window tickets in the browser (一窗受理, issue 15): a community administrator on a
// 375 px phone records a walk-in's request at the community's service center, finds it in
// the queue (the mobile masked, never in full), transfers it to another unit (and is told in
// words that it cannot go to the unit that holds it), resolves it and records the walk-in's
// rating; the full number is shown only after a confirmation that says it is audited, and
// the reveal is in the audit log. An overdue ticket says so in words in the queue, on the
// phone and on a 1920 px desk. Every page passes axe; screenshots at both widths.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addUser, api, login, seriousA11y, sql, useServerAndBrowser } from './support'
import { root } from './seed'

const shots = join(root, 'web/test-results/tickets')
mkdirSync(shots, { recursive: true })

const env = useServerAndBrowser()

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

/** An instant as ISO 8601 in Shanghai time (+08:00), as the API takes due times. */
function shanghaiIso(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'
}

const CLERK = 'window_clerk'
const CLERK_PASSWORD = 'Window-Desk-2026!'
const MOBILE = '13812345678'
const MASKED = '138****5678'
const TITLE = '申请开具居住证明（浏览器测试）'
const LATE = '路灯不亮，请尽快维修（浏览器测试）'

interface Place {
  center: number
  centerName: string
  community: number
  communityName: string
  unit: number
  unitName: string
}

/**
 * A community whose organization manages a demo center and has an organization under it
 * (where the ticket is transferred), and a community administrator for it.
 */
function prepare(): Place {
  const server = env.server()
  const [row] = sql(
    server,
    `select c.id || '|' || c.name || '|' || c.org_id || '|' || o.name || '|' || k.id || '|' || k.name
       from centers c join orgs o on o.id = c.org_id join orgs k on k.parent_id = o.id
      where o.kind = 'community' and c.closed = 0 and k.status = 'active'
      order by c.id, k.id limit 1`,
  )
  expect(row, 'a demo community with a center and an organization under it').toBeTruthy()
  const [center, centerName, community, communityName, unit, unitName] = row.split('|')
  addUser(server, CLERK, 'community_admin', Number(community), CLERK_PASSWORD)
  return { center: Number(center), centerName, community: Number(community), communityName, unit: Number(unit), unitName }
}

async function phone(): Promise<Page> {
  const page = await env.browser().newPage({ viewport: { width: 375, height: 812 } })
  await login(page, env.server(), CLERK, CLERK_PASSWORD)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

describe('one-window tickets', () => {
  let place: Place
  let ticketId = 0

  it('at 375 px a community administrator records a walk-in ticket, transfers it, resolves it and records the rating', async () => {
    const server = env.server()
    place = prepare()
    const page = await phone()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`uncaught on ${page.url()}: ${e.message}`))

    // 工单受理 from the menu drawer.
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('[data-test=drawer-nav-ticket-record]').click()
    await page.waitForURL((u) => u.pathname === '/tickets/new')
    await page.locator('h1', { hasText: '工单受理' }).waitFor()

    // The center: searched by name among the centers the community manages.
    await page.locator('[data-test=ticket-center]').click()
    await page.keyboard.type(place.centerName.slice(0, 6))
    await page.locator('.ticket-center-popper .el-select-dropdown__item:visible', { hasText: place.centerName }).first().click()
    await expect.poll(() => page.locator('[data-test=ticket-center]').textContent()).toContain(place.centerName)
    await page.locator('[data-test=ticket-channel]').getByText('窗口').click()
    await page.locator('[data-test=ticket-category]').getByText('政务').click()
    await page.locator('input[data-test=ticket-title]').fill(TITLE)
    await page.locator('textarea[data-test=ticket-description]').fill('居民来窗口申请开具居住证明，用于子女入学。')
    await page.locator('input[data-test=ticket-contact-name]').fill('王秀英')
    await page.locator('input[data-test=ticket-contact-phone]').fill(MOBILE)
    // The unit it goes to first (it holds it): the community, the picker's first choice.
    await page.locator('[data-test=ticket-unit] .org-picker .el-select').first().click()
    await page.locator('.org-picker-popper .el-select-dropdown__item:visible', { hasText: place.communityName }).first().click()
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'record: ' + p))
    await page.screenshot({ path: join(shots, 'record-375.png'), fullPage: true })
    await page.locator('[data-test=ticket-submit]').click()

    // The ticket's page: recorded at the window, with the community, the mobile masked.
    await page.waitForURL((u) => /^\/tickets\/\d+$/.test(u.pathname))
    ticketId = Number(new URL(page.url()).pathname.split('/').pop())
    expect(
      sql(server, `select center_id || '|' || channel || '|' || category || '|' || status from tickets where id = ${ticketId}`),
    ).toEqual([`${place.center}|walk_in|government|open`])
    await page.locator('[data-test=ticket-title]', { hasText: TITLE }).waitFor()
    expect((await page.locator('[data-test=ticket-status]').textContent())!.trim()).toBe('办理中')
    expect((await page.locator('[data-test=ticket-phone]').textContent())!.trim()).toBe(MASKED)
    expect((await page.locator('[data-test=ticket-assigned]').textContent())!.trim()).toBe(place.communityName)
    expect(sql(server, `select org_id from ticket_units where ticket_id = ${ticketId}`)).toEqual([String(place.community)])
    await page.locator('[data-test=ticket-event-create]').waitFor()
    expect(await page.locator('[data-test=ticket-event-create]').textContent()).toContain('受理登记（窗口）')
    expect(await page.locator('body').textContent()).not.toContain(MOBILE)

    // The queue lists it, masked; the full mobile is nowhere on the page.
    await page.locator('.back').click()
    await page.waitForURL((u) => u.pathname === '/tickets')
    const card = page.locator('[data-test=ticket-cards] [data-test=ticket-card]', { hasText: TITLE })
    await card.waitFor()
    expect(await page.locator('[data-test=ticket-table]').count()).toBe(0)
    expect((await card.locator('[data-test=ticket-phone]').textContent())!.trim()).toBe(MASKED)
    expect(await card.textContent()).toContain('王秀英')
    expect(await card.textContent()).toContain('办理中')
    expect(await page.locator('body').textContent()).not.toContain(MOBILE)
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'queue: ' + p))
    await page.screenshot({ path: join(shots, 'queue-375.png'), fullPage: true })
    await card.locator(`[data-test=ticket-open-${ticketId}]`).click()
    await page.waitForURL((u) => u.pathname === `/tickets/${ticketId}`)

    // 转办 to the organization under the community, with a note.
    const dialog = page.locator('[data-test=ticket-dialog]')
    const transfer = async () => {
      await page.locator('[data-test=ticket-transfer]').click()
      await dialog.locator('.org-picker .el-select').click()
      await page.keyboard.type(place.unitName)
      await page.locator('.org-picker-popper .el-select-dropdown__item:visible', { hasText: place.unitName }).first().click()
      await dialog.locator('textarea[data-test=ticket-action-text]').fill('请支部协助核实居住情况')
      await dialog.locator('[data-test=ticket-action-send]').click()
    }
    // The dialog offers sending it up — the street above the community — beside the picker;
    // not the community, which holds it.
    const street = sql(server, `select name from orgs where id = (select parent_id from orgs where id = ${place.community})`)[0]
    await page.locator('[data-test=ticket-transfer]').click()
    const quick = dialog.locator('[data-test=ticket-quick-targets]')
    await quick.waitFor()
    await expect.poll(() => quick.textContent()).toContain(street)
    expect(await quick.textContent()).not.toContain(place.communityName)
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'transfer dialog: ' + p))
    await page.screenshot({ path: join(shots, 'transfer-375.png') })
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await transfer()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('[data-test=ticket-assigned]').textContent()).toContain(place.unitName)
    const moved = page.locator('[data-test=ticket-event-transfer]')
    await moved.waitFor()
    expect(await moved.textContent()).toContain('转办至 ' + place.unitName)
    expect(await page.locator('[data-test=ticket-trail]').textContent()).toContain('请支部协助核实居住情况')
    expect(sql(server, `select assigned_org_id from tickets where id = ${ticketId}`)).toEqual([String(place.unit)])
    const holder = page.locator('[data-test=ticket-units] li', { has: page.locator('[data-test=ticket-holder]') })
    expect((await holder.textContent())!.replace('正在办理', '').trim()).toBe(place.unitName)

    // Again to the same unit: refused, in words.
    await transfer()
    await expect.poll(() => dialog.locator('[data-test=ticket-action-error]').textContent()).toContain('工单已在该单位办理，请选择其他单位')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })

    // 办理记录, then 办结 with the resolution.
    await page.locator('[data-test=ticket-note]').click()
    await dialog.locator('textarea[data-test=ticket-action-text]').fill('已电话联系居民，材料齐全')
    await dialog.locator('[data-test=ticket-action-send]').click()
    await page.locator('[data-test=ticket-event-note]').waitFor()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('[data-test=ticket-resolve]').click()
    await dialog.locator('textarea[data-test=ticket-action-text]').fill('已开具居住证明并交居民本人')
    await dialog.locator('[data-test=ticket-action-send]').click()
    await expect.poll(async () => (await page.locator('[data-test=ticket-status]').textContent())!.trim()).toBe('已办结')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator('[data-test=ticket-resolution]').textContent()).toContain('已开具居住证明并交居民本人')
    expect(await page.locator('[data-test=ticket-transfer]').count()).toBe(0)

    // 评价: the walk-in's five out of five.
    await page.locator('[data-test=ticket-rate]').click()
    await dialog.locator('[data-test=ticket-rating-choice]').getByText('5 分').click()
    await dialog.locator('textarea[data-test=ticket-action-text]').fill('办事快，态度好')
    await dialog.locator('[data-test=ticket-action-send]').click()
    await expect.poll(async () => (await page.locator('[data-test=ticket-rating]').textContent()) ?? '').toContain('5 分')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator('[data-test=ticket-rate]').count()).toBe(0)
    expect(sql(server, `select status || '|' || rating from tickets where id = ${ticketId}`)).toEqual(['resolved|5'])
    const kinds = await page
      .locator('[data-test=ticket-trail] [data-test^=ticket-event-]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
    expect(kinds).toEqual([
      'ticket-event-create',
      'ticket-event-transfer',
      'ticket-event-note',
      'ticket-event-resolve',
      'ticket-event-rate',
    ])
    expect(await page.locator('body').textContent()).not.toContain(MOBILE)
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'detail: ' + p))
    await page.screenshot({ path: join(shots, 'detail-375.png'), fullPage: true })

    // 查看完整电话: a confirmation that says it is audited; cancelled, nothing is shown or logged.
    const reveals = () =>
      Number(sql(server, `select count(*) from audit_log where action = 'ticket.reveal_phone' and entity_id = ${ticketId}`)[0])
    await page.locator('[data-test=ticket-reveal]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.textContent()).toContain('记入审计日志')
    await box.getByRole('button', { name: '取消' }).click()
    await box.waitFor({ state: 'hidden' })
    expect(await page.locator('[data-test=ticket-full-phone]').count()).toBe(0)
    expect(reveals()).toBe(0)
    await page.locator('[data-test=ticket-reveal]').click()
    await box.getByRole('button', { name: '确定' }).click()
    await expect.poll(async () => (await page.locator('[data-test=ticket-full-phone]').textContent()) ?? '').toBe(MOBILE)
    expect(reveals()).toBe(1)

    // The queue's resolved filter lists it, still masked.
    await page.goto(server.url + '/tickets')
    await page.locator('[data-test=ticket-filter-resolved]').click()
    const resolved = page.locator('[data-test=ticket-cards] [data-test=ticket-card]', { hasText: TITLE })
    await resolved.waitFor()
    expect(await resolved.textContent()).toContain('已办结')
    expect(await page.locator('body').textContent()).not.toContain(MOBILE)
    expect(problems).toEqual([])
    await page.close()
  })

  it('an overdue ticket says so in words in the queue, first in line, on a phone and at 1920 px', async () => {
    const server = env.server()
    const page = await phone()
    // A ticket due two seconds from now, and one with the category's default due time.
    const soon = await api(page, 'POST', `/api/centers/${place.center}/tickets`, {
      channel: 'phone',
      category: 'convenience',
      title: LATE,
      contact_phone: '13912340000',
      due_at: shanghaiIso(Date.now() + 2000),
    })
    expect(soon.status, JSON.stringify(soon.json)).toBe(201)
    const later = await api(page, 'POST', `/api/centers/${place.center}/tickets`, {
      channel: 'walk_in',
      category: 'public',
      title: '咨询社保转移（浏览器测试）',
    })
    expect(later.status, JSON.stringify(later.json)).toBe(201)
    // Wait until it is past due by the clock the server reads too.
    await expect
      .poll(() => Number(sql(server, `select count(*) from tickets where id = ${soon.json.id} and due_at < ${Date.now()}`)[0]), {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(1)

    await page.goto(server.url + '/tickets')
    const cards = page.locator('[data-test=ticket-cards] [data-test=ticket-card]')
    await cards.first().waitFor()
    // Soonest due first: the overdue one leads, marked 已超期 in words.
    expect(await cards.first().textContent()).toContain(LATE)
    expect((await cards.first().locator('[data-test=ticket-overdue]').textContent())!.trim()).toBe('已超期')
    expect(await cards.filter({ hasText: '咨询社保转移' }).locator('[data-test=ticket-overdue]').count()).toBe(0)
    expect((await cards.first().locator('[data-test=ticket-phone]').textContent())!.trim()).toBe('139****0000')
    // The overdue filter keeps only it.
    await page.locator('[data-test=ticket-filter-overdue]').click()
    await expect.poll(() => cards.count()).toBe(1)
    expect(await cards.first().textContent()).toContain(LATE)
    await page.close()

    // A desk: the same queue is a table, the overdue row says so.
    const desk = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(desk, server, CLERK, CLERK_PASSWORD)
    await desk.waitForURL((u) => !u.pathname.startsWith('/login'))
    await desk.goto(server.url + '/tickets')
    const rows = desk.locator('[data-test=ticket-table] .el-table__body-wrapper tr')
    await rows.first().waitFor()
    expect(await desk.locator('[data-test=ticket-cards]').count()).toBe(0)
    expect(await rows.first().textContent()).toContain(LATE)
    expect(await rows.first().locator('[data-test=ticket-overdue]').textContent()).toContain('已超期')
    expect(await desk.locator('body').textContent()).not.toContain('13912340000')
    expect(await seriousA11y(desk)).toEqual([])
    await desk.screenshot({ path: join(shots, 'queue-1920.png') })
    await desk.goto(server.url + `/tickets/${ticketId}`)
    await desk.locator('[data-test=ticket-event-rate]').waitFor()
    expect(await seriousA11y(desk)).toEqual([])
    await desk.screenshot({ path: join(shots, 'detail-1920.png'), fullPage: true })
    await desk.goto(server.url + '/tickets/new')
    await desk.locator('h1', { hasText: '工单受理' }).waitFor()
    expect(await seriousA11y(desk)).toEqual([])
    await desk.screenshot({ path: join(shots, 'record-1920.png') })
    await desk.close()
  })
})
