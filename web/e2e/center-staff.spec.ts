// A center's staff on a 375 px phone (issue 15): they upload a photo — what the center may not
// take is refused before sending, or in the server's words — residents see it on the center's
// page in /m/, and the staff delete it after confirming. They enter staff leave for a day (two
// of four windows unstaffed) and residents see half the seats in that day's slots in /m/, the
// usual seats on other days; at 1920 px they change and remove it, its reason kept. They set
// who is on duty today from the phone (值班安排: people in order, a post picked or typed, a name
// twice refused beside the row), copy the list to the same weekday of the coming weeks in one
// action and clear one of those days; residents see today's list as 今日值班 on the center's
// page in /m/. Another community's administrator can do none of this.
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { addUser, login, sql, useServerAndBrowser } from './support'
import { api, everyDay, seriousA11y, shanghaiDay, signUpResident, useSmsOutbox } from './residents-support'
import { sameWeekdayAhead } from '../src/modules/centers/duty'

const outbox = useSmsOutbox()
const env = useServerAndBrowser()
const shots = '/work/wt/shots/webfix'
mkdirSync(shots, { recursive: true })

const CENTER = '人员请假测试社区党群服务中心'
const SERVICE = '社保卡业务办理（人员请假测试）'
const PHONE_VIEW = { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true }
// A 4×3 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR42mM4ISYLRww4OQDtmQvFMkbhUAAAAABJRU5ErkJggg==', 'base64')
// Two days from now and the day after: slots on both (every day is open), leave on the first.
const LEAVE_DAY = shanghaiDay(2)
const USUAL_DAY = shanghaiDay(3)
const REASON = '两名窗口人员参加区里的业务培训'
const TODAY = shanghaiDay(0)

let centerId = 0
let serviceId = 0
let staff: Page

async function staffPage(username: string, password: string, view: object): Promise<Page> {
  const page = await (await env.browser().newContext(view)).newPage()
  await login(page, env.server(), username, password)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

/** The staff's center page with the center's drawer open on `tab`. */
async function openTab(page: Page, tab: string) {
  await page.goto(env.server().url + '/centers')
  await page.locator(`[data-test=center-bookings-${centerId}]`).click()
  await page.getByRole('tab', { name: tab }).click()
}

/** The seats-left words of each slot of the service on `day`, as a resident sees them in /m/. */
async function seatsInM(page: Page, day: string): Promise<string[]> {
  await page.locator(`[data-test=book-date-${day}]`).click()
  await page.locator('[data-test=book-slots]').waitFor()
  return page.locator('[data-test=book-slots] button small').allTextContents()
}

describe("a center's photos and staff leave, from the staff's phone to the residents' app", () => {
  it('the city administrator sets up a center with four windows and a service of four seats', async () => {
    const server = env.server()
    const admin = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(admin, server, 'admin')
    await admin.waitForURL((u) => !u.pathname.startsWith('/login'))
    const [mine, theirs] = sql(server, "select id from orgs where kind = 'community' order by id limit 2").map(Number)
    const s = await api(admin, 'POST', '/api/services', { name: SERVICE, category: 'government', duration_min: 30, seats: 4 })
    expect(s.status, JSON.stringify(s.json)).toBe(201)
    serviceId = s.json.id as number
    const c = await api(admin, 'POST', '/api/centers', {
      org_id: mine,
      name: CENTER,
      level: 'community',
      address: '深圳市福田区请假路 2 号',
      location: '22.5402,114.0550',
      phone: '0755-83000002',
      counters: 4,
      hours: { week: everyDay() },
    })
    expect(c.status, JSON.stringify(c.json)).toBe(201)
    centerId = c.json.id as number
    const o = await api(admin, 'PUT', `/api/centers/${centerId}/services/${serviceId}`, { seats: 4, min_notice_min: 60, horizon_days: 14 })
    expect(o.status, JSON.stringify(o.json)).toBe(200)
    addUser(server, 'center-desk', 'community_admin', mine, 'Photo-leave-2026')
    addUser(server, 'far-desk', 'community_admin', theirs, 'Outside-scope-2026')
    await admin.close()
    staff = await staffPage('center-desk', 'Photo-leave-2026', PHONE_VIEW)
  })

  it('the staff upload a photo from the phone; files the center may not take are refused and said why', async () => {
    await openTab(staff, '照片')
    const panel = staff.locator('[data-test=center-photos-admin]')
    await panel.locator('[data-test=center-photos-empty]').waitFor()
    expect(await panel.locator('[data-test=center-photos-count]').textContent()).toBe('已有 0 / 12 张')
    const input = panel.locator('[data-test=center-photo-input]')
    // Refused before sending: a GIF, and a JPEG over 5 MB.
    await input.setInputFiles([
      { name: 'map.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') },
      { name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) },
    ])
    const problems = panel.locator('[data-test=center-photo-problems]')
    await problems.waitFor()
    expect(await problems.locator('li').allTextContents()).toEqual([
      'map.gif（1 KB）：仅支持 JPEG、PNG、WebP 照片',
      'big.jpg（5.0 MB）：照片不能超过 5 MB',
    ])
    // Refused by the server: named .png, but not an image (its words shown).
    await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are not pixels') })
    await expect.poll(() => problems.locator('li').allTextContents()).toEqual(['notes.png（1 KB）：仅支持 JPEG、PNG、WebP 照片'])
    expect((await api(staff, 'GET', `/api/centers/${centerId}`)).json.photos).toEqual([])

    await input.setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: PNG })
    await staff.locator('.el-message--success', { hasText: '已上传 1 张照片' }).waitFor()
    await expect.poll(() => panel.locator('[data-test=center-photo]').count()).toBe(1)
    expect(await panel.locator('[data-test=center-photos-count]').textContent()).toBe('已有 1 / 12 张')
    await expect.poll(() => panel.locator('[data-test=center-photo] img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(4)
    const remove = panel.locator('[data-test^=center-photo-remove-]')
    expect((await remove.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await seriousA11y(staff)).toEqual([])
    await staff.screenshot({ path: `${shots}/center-photos-375.png`, fullPage: true })
  })

  it('residents see the photo on the center page in /m/ until the staff delete it', async () => {
    const phone = await (await env.browser().newContext(PHONE_VIEW)).newPage()
    await phone.goto(env.server().url + `/m/centers/${centerId}`)
    const img = phone.locator('[data-test=center-photos] img')
    await img.first().scrollIntoViewIfNeeded()
    await expect.poll(() => img.first().evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(4)
    expect(await img.count()).toBe(1)

    const panel = staff.locator('[data-test=center-photos-admin]')
    await panel.locator('[data-test^=center-photo-remove-]').click()
    const box = staff.locator('.el-message-box')
    await box.waitFor()
    expect(await box.textContent()).toContain('删除第 1 张照片？')
    await box.getByRole('button', { name: '删除' }).click()
    await staff.locator('.el-message--success', { hasText: '照片已删除' }).waitFor()
    await panel.locator('[data-test=center-photos-empty]').waitFor()
    expect((await api(staff, 'GET', `/api/centers/${centerId}`)).json.photos).toEqual([])

    await phone.reload()
    await phone.locator('[data-test=center-page]').waitFor()
    expect(await phone.locator('[data-test=center-photos]').count()).toBe(0)
    await phone.context().close()
  })

  it('the staff enter two of four windows off for a day and read what residents can book then', async () => {
    await openTab(staff, '人员请假')
    const panel = staff.locator('[data-test=center-leave]')
    await panel.locator('[data-test=center-leave-empty]').waitFor()
    expect(await panel.textContent()).toContain('本中心共 4 个窗口')
    await panel.locator('[data-test=center-leave-add]').click()
    const form = staff.locator('.el-dialog', { hasText: '停开窗口数' })
    await form.waitFor()
    const date = form.locator('.el-date-editor input')
    await date.fill(LEAVE_DAY)
    await date.press('Enter')
    const off = form.locator('[data-test=center-leave-off] input')
    await off.fill('2')
    await off.press('Tab')
    await form.locator('input[data-test=center-leave-reason-input]').fill(REASON)
    // What it will do, before saving.
    await expect.poll(() => form.locator('[data-test=center-leave-preview]').textContent()).toContain('每时段 2 个名额（平时 4 个）')
    expect(await seriousA11y(staff)).toEqual([])
    await staff.screenshot({ path: `${shots}/center-leave-form-375.png` })
    await form.locator('[data-test=center-leave-save]').click()
    await form.waitFor({ state: 'hidden' })

    // What it did, as the server answers for that day.
    const effect = panel.locator('[data-test=center-leave-effect]')
    await effect.waitFor()
    expect(await effect.textContent()).toContain(`${LEAVE_DAY}`)
    expect(await effect.textContent()).toContain('停开 2/4 个窗口')
    expect(await effect.locator('[data-test=center-leave-effect-seats]').allTextContents()).toEqual(['每时段 2 个名额（平时 4 个）'])
    const row = panel.locator(`[data-test=center-leave-${LEAVE_DAY}]`)
    expect(await row.textContent()).toContain('停开 2/4 个窗口')
    expect(await row.textContent()).toContain('名额约为平时的 50%')
    expect(await row.locator('[data-test=center-leave-reason]').textContent()).toBe('事由：' + REASON)
    expect((await api(staff, 'GET', `/api/centers/${centerId}/leave`)).json.items).toEqual([
      { date: LEAVE_DAY, counters_off: 2, reason: REASON },
    ])
    expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await seriousA11y(staff)).toEqual([])
    await staff.screenshot({ path: `${shots}/center-leave-375.png`, fullPage: true })
  })

  let resident: BrowserContext
  it("a resident sees half the seats in that day's slots in /m/, and the usual seats the next day", async () => {
    resident = await env.browser().newContext({ ...PHONE_VIEW, timezoneId: 'Asia/Shanghai' })
    const page = await resident.newPage()
    await signUpResident(page, env.server().url + '/m/', outbox, '13700002222')
    await page.goto(env.server().url + `/m/centers/${centerId}`)
    await page.locator(`[data-test=book-${serviceId}]`).click()
    await page.locator('[data-test=book-page]').waitFor()
    const onLeave = await seatsInM(page, LEAVE_DAY)
    expect(onLeave.length).toBeGreaterThan(0)
    expect(new Set(onLeave)).toEqual(new Set(['余 2 个名额']))
    await page.screenshot({ path: `${shots}/center-leave-m-375.png`, fullPage: true })
    const usual = await seatsInM(page, USUAL_DAY)
    expect(new Set(usual)).toEqual(new Set(['余 4 个名额']))
    await page.close()
  })

  it('at the desk (1920 px) the staff change the leave to one window, then remove it', async () => {
    await staff.context().close()
    staff = await staffPage('center-desk', 'Photo-leave-2026', { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    await openTab(staff, '人员请假')
    const panel = staff.locator('[data-test=center-leave]')
    const row = panel.locator(`[data-test=center-leave-${LEAVE_DAY}]`)
    await row.waitFor()
    await row.locator(`[data-test=center-leave-edit-${LEAVE_DAY}]`).click()
    const form = staff.locator('.el-dialog', { hasText: '停开窗口数' })
    await form.waitFor()
    expect(await form.locator('.el-date-editor input').inputValue()).toBe(LEAVE_DAY)
    expect(await form.locator('input[data-test=center-leave-reason-input]').inputValue()).toBe(REASON)
    const off = form.locator('[data-test=center-leave-off] input')
    await off.fill('1')
    await off.press('Tab')
    await form.locator('[data-test=center-leave-save]').click()
    await form.waitFor({ state: 'hidden' })
    await expect
      .poll(() => panel.locator('[data-test=center-leave-effect-seats]').allTextContents())
      .toEqual(['每时段 3 个名额（平时 4 个）'])
    expect(await row.textContent()).toContain('停开 1/4 个窗口')
    // Changing the number keeps the reason (the form sends it back).
    expect((await api(staff, 'GET', `/api/centers/${centerId}/leave`)).json.items).toEqual([
      { date: LEAVE_DAY, counters_off: 1, reason: REASON },
    ])
    await staff.screenshot({ path: `${shots}/center-leave-1920.png` })

    await row.locator(`[data-test=center-leave-remove-${LEAVE_DAY}]`).click()
    const box = staff.locator('.el-message-box')
    await box.waitFor()
    await box.getByRole('button', { name: '取消请假' }).click()
    await panel.locator('[data-test=center-leave-empty]').waitFor()
    await expect
      .poll(() => panel.locator('[data-test=center-leave-effect-seats]').allTextContents())
      .toEqual(['每时段 4 个名额（平时 4 个）'])
    expect((await api(staff, 'GET', `/api/centers/${centerId}/leave`)).json.items).toEqual([])

    // The resident sees the usual seats that day again.
    const page = await resident.newPage()
    await page.goto(env.server().url + `/m/centers/${centerId}/book?service=${serviceId}`)
    await page.locator('[data-test=book-page]').waitFor()
    expect(new Set(await seatsInM(page, LEAVE_DAY))).toEqual(new Set(['余 4 个名额']))
    await resident.close()

    // At the desk a photo may be dropped onto the photos tab.
    await openTab(staff, '照片')
    const panel2 = staff.locator('[data-test=center-photos-admin]')
    await panel2.locator('[data-test=center-photos-empty]').waitFor()
    const files = await staff.evaluateHandle(
      (bytes) => {
        const dt = new DataTransfer()
        dt.items.add(new File([new Uint8Array(bytes)], 'hall.png', { type: 'image/png' }))
        return dt
      },
      [...PNG],
    )
    await panel2.dispatchEvent('drop', { dataTransfer: files })
    await expect.poll(() => panel2.locator('[data-test=center-photo]').count()).toBe(1)
    expect(((await api(staff, 'GET', `/api/centers/${centerId}`)).json.photos as string[]).length).toBe(1)
    await staff.screenshot({ path: `${shots}/center-photos-1920.png` })
    // The tabs read in English too.
    await staff.goto(env.server().url + '/centers')
    await staff.locator('[data-test=language-switch]').first().click()
    await staff.locator('[data-test=lang-en]').last().click()
    await openTab(staff, 'Staff leave')
    await staff.locator('[data-test=center-leave-empty]', { hasText: 'No leave entered from today on' }).waitFor()
    await staff.screenshot({ path: `${shots}/center-leave-en-1920.png` })
    await staff.context().close()
  })

  it('from the phone the staff set who is on duty today, copy it ahead and clear a day', async () => {
    staff = await staffPage('center-desk', 'Photo-leave-2026', PHONE_VIEW)
    await openTab(staff, '值班安排')
    const panel = staff.locator('[data-test=center-duty]')
    const today = panel.locator(`[data-test=center-duty-${TODAY}]`)
    await today.waitFor()
    expect(await today.textContent()).toContain('未安排')
    expect(await today.textContent()).toContain('今天')

    await today.locator(`[data-test=center-duty-edit-${TODAY}]`).click()
    const form = staff.locator('.el-dialog', { hasText: '值班人员' })
    await form.waitFor()
    const rows = form.locator('[data-test=center-duty-row]')
    const postOf = async (i: number, post: string, pick: boolean) => {
      await rows.nth(i).locator('[data-test=center-duty-post]').click()
      const input = rows.nth(i).locator('[data-test=center-duty-post] input')
      if (pick) return staff.locator('.el-select-dropdown__item:visible', { hasText: post }).first().click()
      await input.fill(post)
      await input.press('Enter')
    }
    await rows.nth(0).locator('input[data-test=center-duty-name]').fill('张明')
    await postOf(0, '值班领导', true) // one of the usual posts
    await form.locator('[data-test=center-duty-add-person]').click()
    await rows.nth(1).locator('input[data-test=center-duty-name]').fill('李华')
    await postOf(1, '便民代办窗口', false) // a post typed in
    await form.locator('[data-test=center-duty-add-person]').click()
    await rows.nth(2).locator('input[data-test=center-duty-name]').fill(' 张明 ')
    // The same person twice is refused beside the row, before anything is sent.
    await form.locator('[data-test=center-duty-save]').click()
    expect(await rows.nth(2).locator('[data-test=center-duty-row-error]').textContent()).toContain('同一天不能重复安排同一人')
    expect((await api(staff, 'GET', `/api/centers/${centerId}/duty`)).json.items).toEqual([])
    await rows.nth(2).locator('[data-test=center-duty-remove]').click()
    // 李华 first.
    await rows.nth(1).locator('[data-test=center-duty-up]').click()
    expect(
      await rows.locator('input[data-test=center-duty-name]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(['李华', '张明'])
    for (const b of await rows.nth(0).locator('.row-actions button').all())
      expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect(await seriousA11y(staff)).toEqual([])
    await staff.screenshot({ path: `${shots}/center-duty-form-375.png` })
    await form.locator('[data-test=center-duty-save]').click()
    await form.waitFor({ state: 'hidden' })
    const list = [
      { name: '李华', post: '便民代办窗口' },
      { name: '张明', post: '值班领导' },
    ]
    await expect.poll(() => today.locator('[data-test=center-duty-person]').allTextContents()).toEqual(['李华便民代办窗口', '张明值班领导'])
    expect((await api(staff, 'GET', `/api/centers/${centerId}/duty`)).json.items).toEqual([{ date: TODAY, staff: list }])

    // The same list on the same weekday of the next four weeks, in one action.
    await today.locator(`[data-test=center-duty-copy-${TODAY}]`).click()
    const copy = staff.locator('.el-dialog', { hasText: '复制' })
    await copy.waitFor()
    await copy.locator('[data-test=center-duty-copy-weekday]').click()
    const ahead = sameWeekdayAhead(TODAY, 4)
    expect(await copy.locator('.el-checkbox.is-checked').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))).toEqual(
      ahead.map((d) => 'center-duty-target-' + d),
    )
    expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await seriousA11y(staff)).toEqual([])
    await staff.screenshot({ path: `${shots}/center-duty-copy-375.png` })
    await copy.locator('[data-test=center-duty-copy-save]').click()
    await staff.locator('.el-message--success', { hasText: '已复制到 4 天' }).waitFor()
    await copy.waitFor({ state: 'hidden' })
    const rota = await api(staff, 'GET', `/api/centers/${centerId}/duty?from=${TODAY}&to=${ahead[3]}`)
    expect(rota.json.items).toEqual([TODAY, ...ahead].map((date) => ({ date, staff: list })))

    // A week ahead is shown (14 days); clearing it asks first.
    const next = panel.locator(`[data-test=center-duty-${ahead[0]}]`)
    expect(await next.locator('[data-test=center-duty-person]').count()).toBe(2)
    await next.locator(`[data-test=center-duty-clear-${ahead[0]}]`).click()
    const box = staff.locator('.el-message-box')
    await box.waitFor()
    expect(await box.textContent()).toContain(`清除 ${ahead[0]}`)
    await box.getByRole('button', { name: '清除' }).click()
    await expect.poll(() => next.textContent()).toContain('未安排')
    const after = await api(staff, 'GET', `/api/centers/${centerId}/duty?from=${TODAY}&to=${ahead[3]}`)
    expect((after.json.items as { date: string }[]).map((d) => d.date)).toEqual([TODAY, ...ahead.slice(1)])
    expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await seriousA11y(staff)).toEqual([])
    await today.scrollIntoViewIfNeeded()
    await staff.screenshot({ path: `${shots}/center-duty-375.png` })
    await staff.context().close()
  })

  it("residents see today's list as 今日值班 on the center's page in /m/", async () => {
    for (const view of [PHONE_VIEW, { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' }]) {
      const page = await (await env.browser().newContext(view)).newPage()
      await page.goto(env.server().url + `/m/centers/${centerId}`)
      const block = page.locator('[data-test=center-on-duty]')
      await block.waitFor()
      expect(await block.locator('h3').textContent()).toBe('今日值班')
      expect(await block.locator('[data-test=center-on-duty-person]').allTextContents()).toEqual(['李华便民代办窗口', '张明值班领导'])
      expect(await seriousA11y(page)).toEqual([])
      await block.scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${shots}/m-center-on-duty-${view.viewport.width}.png` })
      await page.context().close()
    }
    // Cleared today: the block is gone.
    const desk = await staffPage('center-desk', 'Photo-leave-2026', { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    expect((await api(desk, 'PUT', `/api/centers/${centerId}/duty/${TODAY}`, { staff: [] })).status).toBe(200)
    const page = await (await env.browser().newContext(PHONE_VIEW)).newPage()
    await page.goto(env.server().url + `/m/centers/${centerId}`)
    await page.locator('[data-test=center-page]').waitFor()
    expect(await page.locator('[data-test=center-on-duty]').count()).toBe(0)
    await page.context().close()
    // Restored, for the desk's screenshot of the tab at 1920 px.
    expect(
      (await api(desk, 'PUT', `/api/centers/${centerId}/duty/${TODAY}`, { staff: [{ name: '李华', post: '便民代办窗口' }] })).status,
    ).toBe(200)
    await openTab(desk, '值班安排')
    await desk.locator(`[data-test=center-duty-${TODAY}] [data-test=center-duty-person]`).waitFor()
    await desk.screenshot({ path: `${shots}/center-duty-1920.png` })
    await desk.context().close()
  })

  it("another community's administrator can neither see the center nor change its photos or leave", async () => {
    const page = await staffPage('far-desk', 'Outside-scope-2026', PHONE_VIEW)
    await page.goto(env.server().url + '/centers')
    await page.locator('[data-test=center-cards], [data-test=center-table]').first().waitFor({ state: 'attached' })
    await expect.poll(() => page.locator(`[data-test=center-bookings-${centerId}]`).count()).toBe(0)
    const upload = await page.evaluate(async (id) => {
      const r = await fetch(`/api/centers/${id}/photos`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array([137, 80]),
      })
      return r.status
    }, centerId)
    expect(upload).toBe(404)
    expect((await api(page, 'PUT', `/api/centers/${centerId}/leave/${LEAVE_DAY}`, { counters_off: 4 })).status).toBe(404)
    expect((await api(page, 'GET', `/api/centers/${centerId}/leave`)).status).toBe(404)
    expect((await api(page, 'PUT', `/api/centers/${centerId}/duty/${TODAY}`, { staff: [] })).status).toBe(404)
    expect((await api(page, 'GET', `/api/centers/${centerId}/duty`)).status).toBe(404)
    await page.context().close()
  })
})
