// The residents' app at 375 px (issue 15): a resident registers with a one-time code, states
// their community, is sent back with a reason and states it again; makes an online request
// (我的诉求) — refused beside the fields when incomplete and when its center closed meanwhile,
// then sent — and follows it while the staff pass it on, note it and resolve it in their own
// app; the resident sees 已办结, rates the answer once, and a second rating (a stale tab) is
// refused in words. Then the member link: a wrong name is refused clearly, the right one
// links the member record whose mobile is the resident's number, and the ID number is shown
// masked and never stored on the phone. Every page passes axe; screenshots at 375 and 1920 px.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { citizenIdCheck, maskCitizenId } from '../src/m/identity'
import { addUser, api, login, readSmsCode, seriousA11y, sql, useServerAndBrowser, useSmsOutbox } from './support'
import { root } from './seed'

// The server writes each code it sends to this file; set before the server starts.
const outbox = useSmsOutbox()
const shots = join(root, 'web/test-results/m-requests')
mkdirSync(shots, { recursive: true })

const env = useServerAndBrowser()

const PHONE = '13912340077'
const RESIDENT = '林晓红'
const MEMBER = '林晓红'
const NATIONAL_ID = ((body) => body + citizenIdCheck(body))('44030419880315077')
const TEST_CENTER = '诉求测试临时服务站（浏览器测试）'
const TITLE = '小区东门路灯不亮（浏览器测试）'
const RESOLUTION = '已更换东门路灯灯泡，恢复照明'
const RETURN_REASON = '所填社区与住址不符，请核对'
const STAFF = 'request_clerk'
const STAFF_PASSWORD = 'Request-Desk-2026!'

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

interface Place {
  center: number
  centerName: string
  community: number
  communityName: string
  unit: number
  unitName: string
  testCenter: number
  testCenterBody: Record<string, unknown>
}

let admin: Page
let place: Place
let resident: BrowserContext
let mBase = ''
let ticketId = 0
let residentId = 0

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: true })
}

/** The resident's phone: a page of the app at `path`, with uncaught errors collected. */
async function phonePage(path: string, problems: string[]): Promise<Page> {
  const page = await resident.newPage()
  page.on('pageerror', (e) => problems.push(`uncaught on ${page.url()}: ${e.message}`))
  await page.goto(mBase + path)
  return page
}

describe("the residents' app: online requests and the member link", () => {
  it('the administrator prepares a community with a center, a unit under it, staff, a temporary center and a member', async () => {
    const server = env.server()
    admin = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(admin, server, 'admin')
    await admin.waitForURL((u) => !u.pathname.startsWith('/login'))
    const [row] = sql(
      server,
      `select c.id || '|' || c.name || '|' || o.id || '|' || o.name || '|' || k.id || '|' || k.name
         from centers c join orgs o on o.id = c.org_id join orgs k on k.parent_id = o.id
        where o.kind = 'community' and c.level = 'community' and c.closed = 0 and k.status = 'active'
        order by c.id, k.id limit 1`,
    )
    expect(row, 'a demo community with its center and an organization under it').toBeTruthy()
    const [center, centerName, community, communityName, unit, unitName] = row.split('|')
    addUser(server, STAFF, 'community_admin', Number(community), STAFF_PASSWORD)
    // A second center of the community, closed later while the resident fills the form.
    const day = [{ start: '09:00', end: '18:00' }]
    const testCenterBody = {
      org_id: Number(community),
      name: TEST_CENTER,
      level: 'service_point',
      address: '深圳市测试路 2 号',
      location: '22.5452,114.0601',
      hours: { week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } },
    }
    const made = await api(admin, 'POST', '/api/centers', testCenterBody)
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    place = {
      center: Number(center),
      centerName,
      community: Number(community),
      communityName,
      unit: Number(unit),
      unitName,
      testCenter: made.json.id as number,
      testCenterBody,
    }
    // A party member whose record carries the resident's mobile number.
    const branch = sql(server, "select id from orgs where kind = 'branch' and status = 'active' order by id limit 1")[0]
    const member = await api(admin, 'POST', '/api/members', {
      org_id: Number(branch),
      name: MEMBER,
      national_id: NATIONAL_ID,
      mobile: PHONE,
      status: 'full',
      joined_on: '2012-07-01',
    })
    expect(member.status, JSON.stringify(member.json)).toBe(201)
    mBase = server.url + '/m/'
  })

  it('a resident registers with a code, states the community, is sent back with a reason and states it again', async () => {
    const server = env.server()
    resident = await env.browser().newContext({
      viewport: { width: 375, height: 812 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London', // times must read in Shanghai's zone whatever the phone says
    })
    const problems: string[] = []
    const page = await phonePage('', problems)
    await page.locator('[data-test=nav-requests]').click()
    await page.waitForURL(/\/login/)
    await page.locator('[data-test=login-phone]').fill(PHONE)
    await page.locator('[data-test=login-send]').click()
    await page.locator('[data-test=login-sent]').waitFor()
    await page.locator('[data-test=login-code]').fill(await readSmsCode(outbox, PHONE))
    await page.locator('[data-test=login-submit]').click()
    // Back where the resident was going: 我的诉求, empty so far.
    await page.waitForURL(/\/m\/requests$/)
    await page.locator('[data-test=requests-empty]').waitFor()

    await page.locator('[data-test=nav-me]').click()
    await page.locator('[data-test=me-name]').fill(RESIDENT)
    await page.locator('[data-test=me-community-q]').fill(place.centerName)
    await page.locator('[data-test=me-community-find]').click()
    await page.locator('[data-test=me-community-options] button', { hasText: place.communityName }).click()
    await page.locator('[data-test=me-save]').click()
    await page.locator('[data-test=me-saved]').waitFor()
    expect(await page.locator('[data-test=me-status]').textContent()).toContain('待核实')

    // The community's staff send it back with a reason.
    const me = await api(page, 'GET', '/api/residents/me')
    residentId = me.json.id as number
    const back = await api(admin, 'POST', `/api/residents/${residentId}/verification`, { verified: false, reason: RETURN_REASON })
    expect(back.status, JSON.stringify(back.json)).toBe(200)
    await page.reload()
    await page.locator('[data-test=me-returned]').waitFor()
    expect(await page.locator('[data-test=me-status]').textContent()).toContain('已退回')
    expect(await page.locator('[data-test=me-returned-reason]').textContent()).toContain('退回原因：' + RETURN_REASON)
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'me (returned): ' + p))
    await shoot(page, 'me-returned-375')
    // 重新填报: straight to the community search; the same community stated again goes back to 待核实.
    await page.locator('[data-test=me-restate]').click()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('me-community-q')
    await page.locator('[data-test=me-community-q]').fill(place.centerName)
    await page.locator('[data-test=me-community-find]').click()
    await page.locator('[data-test=me-community-options] button', { hasText: place.communityName }).click()
    await page.locator('[data-test=me-save]').click()
    await expect.poll(() => page.locator('[data-test=me-status]').textContent()).toContain('待核实')
    expect(await page.locator('[data-test=me-returned]').count()).toBe(0)
    expect(sql(server, `select status || '|' || community_id from residents where user_id = ${residentId}`)).toEqual([
      `pending|${place.community}`,
    ])
    expect(problems).toEqual([])
    await page.close()
  })

  it("a request from a center's page is refused beside its fields, then when its center closed meanwhile, then sent", async () => {
    const server = env.server()
    const problems: string[] = []
    const count = () => Number(sql(server, "select count(*) from tickets where channel = 'online'")[0])
    const before = count()
    const page = await phonePage(`centers/${place.testCenter}`, problems)
    await page.locator('[data-test=center-request]').click()
    await page.waitForURL(/\/requests\/new\?center=/)
    await expect.poll(() => page.locator('[data-test=req-center]').textContent()).toContain(TEST_CENTER)
    // Nothing filled in: each missing field says so beside it, and the first one takes the focus.
    await page.locator('[data-test=req-submit]').click()
    expect(await page.locator('[data-test=req-error-category]').textContent()).toContain('请选择诉求类别')
    expect(await page.locator('[data-test=req-error-title]').textContent()).toContain('请用一句话说明您的诉求')
    expect(await page.locator('[data-test=req-error-center_id]').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toMatch(/^req-category-/)
    expect(await page.locator('[data-test=req-title]').getAttribute('aria-invalid')).toBe('true')
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'form (refused): ' + p))
    await shoot(page, 'request-form-refused-375')
    expect(count()).toBe(before)

    await page.locator('[data-test=req-category-public]').click()
    expect(await page.locator('[data-test=req-error-category]').count()).toBe(0)
    // Pasted from a chat app: an invisible zero-width space the server would refuse is dropped.
    await page.locator('[data-test=req-title]').fill(TITLE + '\u200b')
    await page.locator('[data-test=req-description]').fill('东门入口两盏路灯一周没亮，\n晚上老人进出不便。')
    expect(await page.locator('[data-test=req-error-title]').count()).toBe(0)

    // The center closes while the resident types: the server's refusal names the field.
    const current = await api(admin, 'GET', `/api/centers/${place.testCenter}`)
    const closed = await api(admin, 'PUT', `/api/centers/${place.testCenter}`, {
      ...place.testCenterBody,
      closed: true,
      version: current.json.version,
    })
    expect(closed.status, JSON.stringify(closed.json)).toBe(200)
    await page.locator('[data-test=req-submit]').click()
    await expect.poll(() => page.locator('[data-test=req-error-center_id]').textContent()).toContain('服务中心不存在')
    expect(count()).toBe(before)
    // Another center: the community's own, offered first (the closed one is gone from the list).
    await page.locator('[data-test=req-center-change]').click()
    const offered = page.locator('[data-test=req-community-centers]')
    await offered.waitFor()
    expect(await offered.textContent()).toContain(place.centerName)
    expect(await offered.textContent()).not.toContain(TEST_CENTER)
    await page.locator(`[data-test=req-center-${place.center}]`).click()
    expect(await page.locator('[data-test=req-error-center_id]').count()).toBe(0)
    expect(await page.locator('[data-test=req-title]').inputValue()).toBe(TITLE + '\u200b') // what was typed stays
    // Who sees what: the staff get the name, the request and the proven mobile for a call back.
    expect(await page.locator('[data-test=req-privacy]').textContent()).toContain('您登录用的手机号')
    await shoot(page, 'request-form-375')
    await page.locator('[data-test=req-submit]').click()

    await page.waitForURL(/\/requests\/\d+\?submitted=1$/)
    ticketId = Number(/\/requests\/(\d+)/.exec(page.url())![1])
    expect(
      sql(
        server,
        `select center_id || '|' || category || '|' || channel || '|' || status || '|' || title from tickets where id = ${ticketId}`,
      ),
    ).toEqual([`${place.center}|public|online|open|${TITLE}`])
    expect(sql(server, `select requester_user_id is not null from tickets where id = ${ticketId}`)).toEqual(['1'])
    await page.locator('[data-test=request-notice]').waitFor()
    expect((await page.locator('[data-test=request-state]').textContent())!.trim()).toBe('办理中')
    // The due time in Shanghai's words ("12月11日 周五 09:30"), though the phone is set to London.
    const dueMs = Number(sql(server, `select due_at from tickets where id = ${ticketId}`)[0])
    const shanghai = new Date(dueMs + 8 * 3600_000)
    const hhmm = shanghai.toISOString().slice(11, 16)
    expect(await page.locator('[data-test=request-due]').textContent()).toContain(
      `${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`,
    )
    expect(await page.locator('[data-test=request-due]').textContent()).toContain(hhmm)
    expect(await page.locator('[data-test=request-event-create]').textContent()).toContain('您在网上提交了诉求')
    expect(await page.locator('[data-test=rate-form]').count()).toBe(0) // not before it is resolved
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'request (open): ' + p))
    await shoot(page, 'request-open-375')

    // 我的诉求 lists it with its state and due time.
    await page.locator('[data-test=request-back]').click()
    const card = page.locator(`[data-test=request-card][data-request="${ticketId}"]`)
    await card.waitFor()
    expect(await card.textContent()).toContain(TITLE)
    expect((await card.locator('[data-test=request-state]').textContent())!.trim()).toBe('办理中')
    expect(await card.locator('[data-test=request-when]').textContent()).toContain(
      `应于 ${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`,
    )
    expect(await page.locator('[data-test=nav-requests]').getAttribute('class')).toContain('router-link-exact-active')
    problems.push(...(await seriousA11y(page)).map((p) => 'requests: ' + p))
    await shoot(page, 'requests-375')
    expect(problems).toEqual([])
    await page.close()
  })

  it('the staff pass it on to a unit, note it and resolve it in their app', async () => {
    const server = env.server()
    const desk = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(desk, server, STAFF, STAFF_PASSWORD)
    await desk.waitForURL((u) => !u.pathname.startsWith('/login'))
    const moved = await api(desk, 'POST', `/api/tickets/${ticketId}/transfer`, { to_org_id: place.unit, note: '请协助联系物业维修' })
    expect(moved.status, JSON.stringify(moved.json)).toBe(200)
    const noted = await api(desk, 'POST', `/api/tickets/${ticketId}/notes`, { note: '物业已安排电工' })
    expect(noted.status, JSON.stringify(noted.json)).toBe(200)
    // As the form told the resident: the staff have the mobile to call back, masked.
    const seen = await api(desk, 'GET', `/api/tickets/${ticketId}`)
    expect(seen.json.contact_name).toBe(RESIDENT)
    expect(seen.json.contact_phone).toMatch(/^139\*+0077$/)
    await desk.goto(server.url + `/tickets/${ticketId}`)
    await desk.locator('[data-test=ticket-title]', { hasText: TITLE }).waitFor()
    await desk.locator('[data-test=ticket-resolve]').click()
    const dialog = desk.locator('[data-test=ticket-dialog]')
    await dialog.locator('textarea[data-test=ticket-action-text]').fill(RESOLUTION)
    await dialog.locator('[data-test=ticket-action-send]').click()
    await expect.poll(async () => (await desk.locator('[data-test=ticket-status]').textContent())!.trim()).toBe('已办结')
    expect(sql(server, `select status from tickets where id = ${ticketId}`)).toEqual(['resolved'])
    await desk.close()
  })

  it('the resident sees 已办结 with the answer and the trail, rates it once, and a second rating is refused', async () => {
    const server = env.server()
    const problems: string[] = []
    const page = await phonePage('requests', problems)
    const card = page.locator(`[data-test=request-card][data-request="${ticketId}"]`)
    await card.waitFor()
    expect((await card.locator('[data-test=request-state]').textContent())!.trim()).toBe('已办结')
    // All of them shown, and said so: nothing older to load.
    expect(await page.locator('[data-test=requests-shown]').textContent()).toBe('已显示 1 条，共 1 条')
    expect(await page.locator('[data-test=requests-more]').count()).toBe(0)
    // The trail's units come named with its events: no organization is looked up one by one.
    const orgLookups: string[] = []
    page.on('request', (r) => void (/\/api\/orgs\//.test(r.url()) && orgLookups.push(r.url())))
    await card.locator('a').click()
    await page.locator('[data-test=request-page]').waitFor()
    expect((await page.locator('[data-test=request-state]').textContent())!.trim()).toBe('已办结')
    expect(await page.locator('[data-test=request-resolution]').textContent()).toContain(RESOLUTION)
    const trail = page.locator('[data-test=request-trail]')
    expect(await trail.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))).toEqual([
      'request-event-create',
      'request-event-transfer',
      'request-event-note',
      'request-event-resolve',
    ])
    // Where it went, by name, with the staff's notes.
    expect(await page.locator('[data-test=request-event-transfer]').textContent()).toContain('转交' + place.unitName + '办理')
    expect(await page.locator('[data-test=request-assigned]').count()).toBe(0) // resolved: no longer "being handled by"
    expect(orgLookups).toEqual([])
    expect(await page.locator('[data-test=request-event-transfer]').textContent()).toContain('请协助联系物业维修')
    expect(await page.locator('[data-test=request-event-note]').textContent()).toContain('物业已安排电工')
    expect(await page.locator('[data-test=request-event-resolve]').textContent()).toContain(RESOLUTION)
    // By unit, never by the staff's login name.
    expect(await page.locator('body').textContent()).not.toContain(STAFF)
    // A second tab on the same request, left open with its rating form.
    const stale = await phonePage(`requests/${ticketId}`, problems)
    await stale.locator('[data-test=rate-form]').waitFor()

    // No score chosen: said beside the stars.
    await page.locator('[data-test=rate-submit]').click()
    expect(await page.locator('[data-test=rate-missing]').textContent()).toContain('请选择 1–5 分')
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'request (resolved): ' + p))
    await shoot(page, 'request-resolved-375')
    await page.locator('[data-test=rate-4]').click()
    expect(await page.locator('[data-test=rate-missing]').count()).toBe(0)
    expect(await page.locator('[data-test=rate-4]').getAttribute('aria-checked')).toBe('true')
    await page.locator('[data-test=rate-comment]').fill('处理及时，谢谢')
    await page.locator('[data-test=rate-submit]').click()
    const rated = page.locator('[data-test=request-rating]')
    await rated.waitFor()
    expect(await rated.textContent()).toContain('4 分')
    expect(await rated.textContent()).toContain('满意')
    expect(await rated.textContent()).toContain('处理及时，谢谢')
    expect(await page.locator('[data-test=rate-form]').count()).toBe(0)
    expect((await page.locator('[data-test=request-state]').textContent())!.trim()).toBe('已评价')
    await page.locator('[data-test=request-event-rate]').waitFor()
    expect(await page.locator('[data-test=request-event-rate]').textContent()).toContain('您评价为 4 分')
    expect(sql(server, `select rating || '|' || rating_comment from tickets where id = ${ticketId}`)).toEqual(['4|处理及时，谢谢'])
    problems.push(...(await seriousA11y(page)).map((p) => 'request (rated): ' + p))
    await shoot(page, 'request-rated-375')

    // The stale tab tries again: refused in words, and it shows the rating the request has.
    await stale.locator('[data-test=rate-5]').click()
    await stale.locator('[data-test=rate-submit]').click()
    await expect.poll(() => stale.locator('[data-test=rate-error]').textContent()).toContain('已经评价过')
    await stale.locator('[data-test=request-rating]').waitFor()
    expect(await stale.locator('[data-test=request-rating]').textContent()).toContain('4 分')
    expect(await stale.locator('[data-test=rate-form]').count()).toBe(0)
    // And the API refuses a second rating outright.
    const again = await api(stale, 'POST', `/api/tickets/${ticketId}/rating`, { rating: 1 })
    expect(again.status).toBe(409)
    expect((again.json.error as { code: string }).code).toBe('already_rated')
    expect(sql(server, `select rating from tickets where id = ${ticketId}`)).toEqual(['4'])
    await stale.close()

    // The list says 已评价; in English the same page reads in English.
    await page.locator('[data-test=request-back]').click()
    await expect.poll(async () => (await card.locator('[data-test=request-state]').textContent())?.trim()).toBe('已评价')
    await page.locator('[data-test=m-lang]').click()
    await expect.poll(async () => (await card.locator('[data-test=request-state]').textContent())?.trim()).toBe('Rated')
    await page.locator('[data-test=m-lang]').click()
    expect(problems).toEqual([])
    await page.close()
  })

  it('the member link: what is needed in plain words, a wrong name refused, then linked, the ID number masked and never stored', async () => {
    const server = env.server()
    const problems: string[] = []
    const page = await phonePage('me', problems)
    const card = page.locator('[data-test=member-card]')
    await card.waitFor()
    // The mobile on the member record must be this number: said, with the number masked.
    expect(await card.textContent()).toContain('139****0077')
    expect(await card.textContent()).toContain('党员档案里登记的手机号')
    const failures = () => Number(sql(server, "select count(*) from audit_log where action = 'resident.link_failed'")[0])

    // A typo in the ID number is caught on the phone: nothing is sent, no try is spent.
    const typo = NATIONAL_ID.slice(0, 16) + ((Number(NATIONAL_ID[16]) + 1) % 10) + NATIONAL_ID[17]
    await card.locator('[data-test=member-id]').fill(typo)
    await card.locator('[data-test=member-name]').fill('林小红')
    await card.locator('[data-test=member-submit]').click()
    expect(await card.locator('[data-test=member-error-national_id]').textContent()).toContain('身份证号有误')
    expect(failures()).toBe(0)

    // The right number, a wrong name: refused clearly, the number now shown masked.
    await card.locator('[data-test=member-id]').fill(NATIONAL_ID.toLowerCase())
    await card.locator('[data-test=member-submit]').click()
    const refused = card.locator('[data-test=member-refused]')
    await refused.waitFor()
    expect(await refused.textContent()).toContain('没有找到一致的党员信息')
    expect(await refused.textContent()).toContain('手机号')
    expect(await card.locator('[data-test=member-held-id]').textContent()).toBe(maskCitizenId(NATIONAL_ID))
    expect(await page.locator('body').textContent()).not.toContain(NATIONAL_ID)
    expect(failures()).toBe(1)
    expect(await noOverflow(page)).toBe(true)
    problems.push(...(await seriousA11y(page)).map((p) => 'me (member refused): ' + p))
    await shoot(page, 'member-refused-375')

    // The exact name: linked, the number masked, nothing of it kept on the phone.
    await card.locator('[data-test=member-name]').fill(MEMBER)
    await card.locator('[data-test=member-submit]').click()
    await card.locator('[data-test=member-linked]').waitFor()
    expect((await card.locator('[data-test=member-linked-name]').textContent())!.trim()).toBe(MEMBER)
    expect((await card.locator('[data-test=member-masked-id]').textContent())!.trim()).toBe(maskCitizenId(NATIONAL_ID))
    expect(await page.locator('body').textContent()).not.toContain(NATIONAL_ID)
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)
    expect(stored.toUpperCase()).not.toContain(NATIONAL_ID.slice(6, 14))
    expect(sql(server, `select m.name from users u join members m on m.id = u.member_id where u.id = ${residentId}`)).toEqual([MEMBER])
    problems.push(...(await seriousA11y(page)).map((p) => 'me (member linked): ' + p))
    await shoot(page, 'member-linked-375')

    // Read back from the server after a reload.
    await page.reload()
    await card.locator('[data-test=member-linked]').waitFor()
    expect((await card.locator('[data-test=member-linked-name]').textContent())!.trim()).toBe(MEMBER)
    expect(await card.locator('[data-test=member-form]').count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })

  it('the same pages at 1920 px stay a readable column', async () => {
    const page = await resident.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    for (const [path, name, ready] of [
      ['requests', 'requests', '[data-test=request-card]'],
      [`requests/${ticketId}`, 'request-rated', '[data-test=request-rating]'],
      [`requests/new?center=${place.center}`, 'request-form', '[data-test=req-center]'],
      ['me', 'me', '[data-test=member-linked]'],
    ] as const) {
      await page.goto(mBase + path)
      await page.locator(ready).first().waitFor()
      expect((await page.locator('.m-main').boundingBox())!.width).toBeLessThanOrEqual(640)
      expect(await seriousA11y(page)).toEqual([])
      await page.screenshot({ path: join(shots, name + '-1920.png') })
    }
    await page.close()
    await resident.close()
    await admin.close()
  })
})
