// Residence review in the browser (issue 15): a resident signs up in /m/ on a 375 px phone with
// a code and states the community they live in; a service for residents refuses them while
// the statement waits. Another community's administrator cannot see or review it (the page
// says so). The community's administrator, on a phone too, returns it with a reason the
// resident then reads in /m/, and verifies it afterwards (at 1920 px); the resident can then
// book the residents' service.
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { addUser, login, sql, useServerAndBrowser } from './support'
import { api, everyDay, seriousA11y, shanghaiDay, signUpResident, useSmsOutbox } from './residents-support'

const outbox = useSmsOutbox()
const env = useServerAndBrowser()
const shots = '/work/wt/shots/staffres'
mkdirSync(shots, { recursive: true })

const PHONE = '13700001111'
const MASKED = '137****1111'
const NAME = '李核实'
const CENTER = '居民核实测试社区党群服务中心'
const SERVICE = '社区居民健康咨询（居民核实测试）'
const REASON = '门牌号与登记不符，请到社区党群服务中心核对'
const PHONE_VIEW = { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true }

let admin: Page
let resident: BrowserContext
let mBase = ''
let community = { id: 0, name: '' }
let other = { id: 0, name: '' }
let centerId = 0
let serviceId = 0
let residentId = 0

/** Opens the service's booking page in /m/ and picks the first free slot from tomorrow on. */
async function pickSlot(page: Page) {
  await page.goto(mBase + `centers/${centerId}`)
  await page.locator(`[data-test=book-${serviceId}]`).click()
  await page.locator('[data-test=book-page]').waitFor()
  for (let i = 1; i <= 7; i++) {
    await page.locator(`[data-test=book-date-${shanghaiDay(i)}]`).click()
    await page.locator('[data-test=book-slots], [data-test=book-no-slots]').first().waitFor()
    if (await page.locator('[data-test=book-slots]').count()) break
  }
  await page.locator('[data-test=book-slots] button:not([disabled])').first().click()
  await page.locator('[data-test=book-summary]').waitFor()
}

async function staffPage(username: string, password: string, view: object): Promise<Page> {
  const page = await (await env.browser().newContext(view)).newPage()
  await login(page, env.server(), username, password)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

describe("residents' stated communities, reviewed by the community's staff", () => {
  it('the city administrator sets up a service for residents at a community center', async () => {
    const server = env.server()
    admin = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(admin, server, 'admin')
    await admin.waitForURL((u) => !u.pathname.startsWith('/login'))
    const rows = sql(server, "select id || '|' || name from orgs where kind = 'community' order by id limit 2").map((r) => r.split('|'))
    community = { id: Number(rows[0][0]), name: rows[0][1] }
    other = { id: Number(rows[1][0]), name: rows[1][1] }
    const s = await api(admin, 'POST', '/api/services', {
      name: SERVICE,
      category: 'public',
      eligibility: 'residents',
      duration_min: 30,
      seats: 2,
    })
    expect(s.status, JSON.stringify(s.json)).toBe(201)
    serviceId = s.json.id as number
    const c = await api(admin, 'POST', '/api/centers', {
      org_id: community.id,
      name: CENTER,
      level: 'community',
      address: '深圳市福田区核实路 1 号',
      location: '22.5452,114.0601',
      phone: '0755-83000001',
      hours: { week: everyDay() },
    })
    expect(c.status, JSON.stringify(c.json)).toBe(201)
    centerId = c.json.id as number
    const o = await api(admin, 'PUT', `/api/centers/${centerId}/services/${serviceId}`, { seats: 2, min_notice_min: 60, horizon_days: 14 })
    expect(o.status, JSON.stringify(o.json)).toBe(200)
    addUser(server, 'res-reviewer', 'community_admin', community.id, 'Review-desk-2026')
    addUser(server, 'other-reviewer', 'community_admin', other.id, 'Other-desk-2026')
    mBase = server.url + '/m/'
  })

  it('a resident signs up with a code and states the community; a service for residents waits for the review', async () => {
    resident = await env.browser().newContext({ ...PHONE_VIEW, timezoneId: 'Asia/Shanghai' })
    const page = await resident.newPage()
    await signUpResident(page, mBase, outbox, PHONE)
    await page.locator('[data-test=me-name]').fill(NAME)
    await page.locator('[data-test=me-community-q]').fill('居民核实测试')
    await page.locator('[data-test=me-community-find]').click()
    await page.locator('[data-test=me-community-options] button').first().click()
    expect(await page.locator('[data-test=me-community]').textContent()).toContain(community.name)
    await page.locator('[data-test=me-save]').click()
    await page.locator('[data-test=me-saved]').waitFor()
    expect(await page.locator('[data-test=me-status]').textContent()).toContain('待核实')
    residentId = (await api(page, 'GET', '/api/residents/me')).json.id as number

    // Not verified yet: the residents' service refuses, in words.
    await pickSlot(page)
    await page.locator('[data-test=book-submit]').click()
    expect(await page.locator('[data-test=book-error]').textContent()).toMatch(/仅面向|不能预约/)
    await page.close()
  })

  it("another community's administrator neither sees nor reviews the statement", async () => {
    const page = await staffPage('other-reviewer', 'Other-desk-2026', PHONE_VIEW)
    await page.goto(env.server().url + '/residents')
    // Their own community: nothing pending, said so.
    await page.locator('.paged-cards__empty', { hasText: '暂无待核实的居民申报' }).waitFor()
    expect(await page.locator('[data-test=resident-card]').count()).toBe(0)
    // The other community by its address: the page shows the server's refusal, and no one.
    await page.goto(env.server().url + `/residents?org=${community.id}`)
    await page.locator('.el-message--error').waitFor()
    expect(await page.locator('.el-message--error').textContent()).toMatch(/不存在|权限/)
    expect(await page.locator('[data-test=residents-error]').textContent()).toMatch(/无法查看该组织的居民.*(不存在|权限)/)
    expect(await page.locator('[data-test=resident-card]').count()).toBe(0)
    await page.screenshot({ path: `${shots}/residents-out-of-scope-375.png`, fullPage: true })
    expect(await page.locator('body').textContent()).not.toContain(NAME)
    // Nor by the API.
    const r = await api(page, 'POST', `/api/residents/${residentId}/verification`, { verified: true })
    expect(r.status).toBe(404)
    // Back to their own community from the page.
    await page.locator('[data-test=residents-home]').click()
    await page.locator('[data-test=residents-error]').waitFor({ state: 'detached' })
    expect(page.url()).toContain(`org=${other.id}`)
    await page.context().close()
  })

  it("the community's administrator returns the statement from a phone, with a reason the resident reads", async () => {
    const page = await staffPage('res-reviewer', 'Review-desk-2026', PHONE_VIEW)
    // From the menu, as on a phone: the drawer.
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('[data-test=drawer-nav-residents]').click()
    await page.waitForURL(/\/residents/)
    const card = page.locator('[data-test=resident-card]', { hasText: NAME })
    await card.waitFor()
    const text = (await card.textContent())!
    expect(text).toContain(MASKED)
    expect(text).not.toContain(PHONE)
    expect(text).toContain(community.name)
    expect(await card.locator('[data-test=resident-status]').textContent()).toBe('待核实')
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    // Touch targets of a phone.
    for (const b of await card.locator('.paged-card__actions button').all())
      expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(await seriousA11y(page)).toEqual([])
    await page.screenshot({ path: `${shots}/residents-375.png`, fullPage: true })

    await card.locator(`[data-test=resident-return-${residentId}]`).click()
    const dialog = page.locator('.el-dialog', { hasText: '退回居住社区申报' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(MASKED)
    // A return needs a reason.
    await dialog.locator('[data-test=resident-return-confirm]').click()
    await dialog.getByText('请填写退回原因').waitFor()
    await dialog.locator('textarea').fill(REASON)
    expect(await seriousA11y(page)).toEqual([])
    await page.screenshot({ path: `${shots}/residents-return-375.png` })
    await dialog.locator('[data-test=resident-return-confirm]').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => card.locator('[data-test=resident-status]').textContent()).toBe('已退回')
    expect(await card.locator('[data-test=resident-reason]').textContent()).toBe(REASON)
    await page.context().close()

    // The resident reads why in /m/.
    const mine = await resident.newPage()
    await mine.goto(mBase + 'me')
    expect(await mine.locator('[data-test=me-status]').textContent()).toContain('已退回')
    expect(await mine.locator('[data-test=me-returned]').textContent()).toContain(REASON)
    const state = await api(mine, 'GET', '/api/residents/me')
    expect([state.json.status, state.json.reason]).toEqual(['returned', REASON])
    await mine.close()
  })

  it('verified at the desk (1920 px), the resident books the service for residents', async () => {
    const page = await staffPage('res-reviewer', 'Review-desk-2026', { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    await page.goto(env.server().url + '/residents?status=returned')
    const row = page.locator('[data-test=resident-table] .el-table__row', { hasText: NAME })
    await row.waitFor()
    expect(await row.textContent()).toContain(REASON)
    await row.locator(`[data-test=resident-verify-${residentId}]`).click()
    await page.locator('.el-message--success', { hasText: '已核实' }).waitFor()
    await expect.poll(() => row.locator('[data-test=resident-status]').textContent()).toBe('已核实')
    expect(await seriousA11y(page)).toEqual([])
    await page.screenshot({ path: `${shots}/residents-1920.png` })
    // Nothing left to review: the pending list says so.
    await page.locator('[data-test=residents-filter-pending]').click()
    await page.locator('[data-test=resident-table] .el-table__empty-text', { hasText: '暂无待核实的居民申报' }).waitFor()
    expect(page.url()).toContain('status=pending')
    // The verified list holds the resident.
    await page.locator('[data-test=residents-filter-verified]').click()
    await page.locator('[data-test=resident-table] .el-table__row', { hasText: NAME }).waitFor()
    // The page reads in English too.
    await page.locator('[data-test=language-switch]').first().click()
    await page.locator('[data-test=lang-en]').last().click()
    await page.getByRole('heading', { name: "Residents' stated communities" }).waitFor()
    expect(await page.locator('[data-test=resident-table] [data-test=resident-status]').first().textContent()).toBe('Verified')
    await page.screenshot({ path: `${shots}/residents-en-1920.png` })
    await page.context().close()

    const mine = await resident.newPage()
    await mine.goto(mBase + 'me')
    expect(await mine.locator('[data-test=me-status]').textContent()).toContain('已核实')
    await pickSlot(mine)
    await mine.locator('[data-test=book-submit]').click()
    await mine.waitForURL(/\/bookings/)
    const booking = mine.locator('[data-test=booking][data-status=booked]')
    await booking.waitFor()
    expect(await booking.textContent()).toContain(CENTER)
    await mine.screenshot({ path: `${shots}/residents-booked-375.png`, fullPage: true })
    await resident.close()
    await admin.close()
  })
})
