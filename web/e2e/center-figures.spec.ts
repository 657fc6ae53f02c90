// The centers' figures in the browser (issue 15, "The 1 km promise, measured"): the coverage of
// a district at 1920 px and on a 375 px phone — the figures the server answers, a center
// proposed on the heaviest uncovered point raising the share within 1 km (before → after),
// a click on the map proposing one too, the drill-down to a child and the trail back; the
// centers' statistics showing a booking made through the API in its month and its child
// organization's row; and a community administrator kept out of another district's figures.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addUser, login, sql, useServerAndBrowser } from './support'
import { root } from './seed'

const shots = join(root, 'web/test-results/center-figures')
mkdirSync(shots, { recursive: true })
const env = useServerAndBrowser()

interface Figures {
  population: number
  mean_distance_m: number | null
  share_within_1000m: number
  p90_m: number | null
}
type Coverage = Figures & {
  before: Figures
  rows: (Figures & { org_id: number; name: string })[]
  uncovered: { lat: number; lng: number; weight: number }[]
}

async function api<T = Record<string, unknown>>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const r = await fetch(path as string, {
        method: method as string,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: r.status, json: await r.json().catch(() => ({})) }
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; json: T }>
}

// The page's words for the server's numbers.
const percent = (share: number) => (share * 100).toFixed(2) + '%'
const metres = (m: number | null) => (m == null ? '无可达中心' : new Intl.NumberFormat('zh-CN').format(m) + ' 米')
const grouped = (n: number) => new Intl.NumberFormat('zh-CN').format(n)

async function adminPage(width: number): Promise<Page> {
  const page = await env.browser().newPage({ viewport: { width, height: width < 600 ? 812 : 1080 } })
  await login(page, env.server(), 'admin')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

const figureText = (page: Page, key: string, part: 'after' | 'before') =>
  page
    .locator(`[data-test=coverage-${key}] [data-test=${part}]`)
    .textContent()
    .then((s) => s?.trim())

/** The page shows `c`'s headline figures (after, the what-if's when there are proposals). */
async function expectFigures(page: Page, c: Figures) {
  await expect.poll(() => figureText(page, 'share', 'after')).toBe(percent(c.share_within_1000m))
  expect(await figureText(page, 'mean', 'after')).toBe(metres(c.mean_distance_m))
  expect(await figureText(page, 'p90', 'after')).toBe(metres(c.p90_m))
  expect(await figureText(page, 'population', 'after')).toBe(grouped(c.population))
}

/** Waits for the page's loading masks to go, so a screenshot shows the figures, not a veil. */
async function settled(page: Page) {
  await page
    .locator('.el-loading-mask')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {})
  await page.waitForTimeout(300)
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

let districtId = 0
let districtName = ''

describe('the 1 km coverage and the centers’ statistics', () => {
  it('a district’s coverage at 1920 px: the figures, a proposal on the heaviest gap, a click on the map, drill-down and back', async () => {
    const page = await adminPage(1920)
    // The district the server finds worst covered: the first row of the city's answer.
    const city = await api<Coverage>(page, 'GET', '/api/coverage?org=1')
    expect(city.status).toBe(200)
    districtId = city.json.rows[0].org_id
    districtName = city.json.rows[0].name
    const base = (await api<Coverage>(page, 'GET', `/api/coverage?org=${districtId}&gaps=50`)).json
    expect(base.uncovered.length).toBeGreaterThan(0)
    expect(base.rows.length).toBeGreaterThan(1)

    await page.goto(env.server().url + '/center-figures/coverage?org=' + districtId)
    await page.locator('h1', { hasText: '1 公里服务圈覆盖' }).waitFor()
    await expectFigures(page, base)
    // No comparison before anything is proposed.
    expect(await page.locator('[data-test=coverage-share] [data-test=before]').count()).toBe(0)
    // The child organizations, worst covered first, as the server ordered them.
    const rows = page.locator('[data-test=coverage-row-table] .el-table__body tr')
    await expect.poll(() => rows.count()).toBe(base.rows.length)
    expect(await rows.first().locator('td').first().textContent()).toContain(base.rows[0].name)
    // The map: the backdrop and the centers drawn.
    await expect.poll(() => page.locator('[data-test=coverage-map] .leaflet-backdrop-pane path').count()).toBeGreaterThan(0)
    await settled(page)
    await page.screenshot({ path: join(shots, 'coverage-1920.png') })

    // A center proposed on the heaviest uncovered point: the server's what-if, before → after.
    const gap = base.uncovered[0]
    await page.locator('[data-test=gap-propose-0]').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('add')).toBe(`${gap.lat},${gap.lng}`)
    const whatIf = (await api<Coverage>(page, 'GET', `/api/coverage?org=${districtId}&gaps=50&add=${gap.lat},${gap.lng}`)).json
    expect(whatIf.share_within_1000m).toBeGreaterThan(base.share_within_1000m)
    expect(whatIf.before.share_within_1000m).toBe(base.share_within_1000m)
    await expectFigures(page, whatIf)
    expect(await figureText(page, 'share', 'before')).toBe(percent(base.share_within_1000m))
    expect(await figureText(page, 'mean', 'before')).toBe(metres(base.mean_distance_m))
    const change = Math.round((whatIf.share_within_1000m - base.share_within_1000m) * 10000) / 100
    expect(await page.locator('[data-test=coverage-share] [data-test=change]').textContent()).toBe(`+${change.toFixed(2)} 个百分点`)
    expect(await page.locator('[data-test=coverage-share]').getAttribute('class')).toContain('is-better')
    // The row of the child that gained reads before → after too.
    const gained = whatIf.rows.find((r) => r.share_within_1000m > base.rows.find((b) => b.org_id === r.org_id)!.share_within_1000m)!
    const gainedRow = page.locator('[data-test=coverage-row-table] .el-table__body tr', { hasText: gained.name })
    const before = base.rows.find((b) => b.org_id === gained.org_id)!
    await expect
      .poll(() => gainedRow.locator('td').nth(1).textContent())
      .toBe(`${percent(before.share_within_1000m)} → ${percent(gained.share_within_1000m)}`)
    expect(await page.locator('[data-test=coverage-map] .cf-proposal').count()).toBe(1)
    await settled(page)
    await page.screenshot({ path: join(shots, 'coverage-what-if-1920.png') })

    // A second proposal by clicking the map; removing the first keeps the second.
    const box = (await page.locator('[data-test=coverage-map]').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.7)
    await expect.poll(() => page.locator('[data-test=proposal]').count()).toBe(2)
    await expect.poll(() => page.locator('[data-test=coverage-map] .cf-proposal').count()).toBe(2)
    const clicked = new URL(page.url()).searchParams.get('add')!.split(';')[1]
    await page.locator('[data-test=proposal-remove-0]').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('add')).toBe(clicked)
    const onlyClicked = (await api<Coverage>(page, 'GET', `/api/coverage?org=${districtId}&gaps=50&add=${clicked}`)).json
    await expectFigures(page, onlyClicked)
    // None left: the figures as they are, no comparison.
    await page.locator('[data-test=proposals-clear]').click()
    await page.locator('[data-test=proposals-none]').waitFor()
    await expectFigures(page, base)
    expect(await page.locator('[data-test=coverage-share] [data-test=before]').count()).toBe(0)

    // Drill down to the worst child, then back up by the trail.
    const child = base.rows[0]
    const childFigures = (await api<Coverage>(page, 'GET', `/api/coverage?org=${child.org_id}`)).json
    await rows.first().click()
    await expect.poll(() => new URL(page.url()).searchParams.get('org')).toBe(String(child.org_id))
    await expectFigures(page, childFigures)
    expect(await page.locator('[data-test=figures-trail]').textContent()).toContain(child.name)
    await page.locator(`[data-test=figures-crumb-${districtId}]`).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('org')).toBe(String(districtId))
    await expectFigures(page, base)
    // The browser's back button goes down again.
    await page.goBack()
    await expectFigures(page, childFigures)
    await page.close()
  })

  it('on a 375 px phone: cards, touch-sized buttons, a proposal shown before → after', async () => {
    const page = await adminPage(375)
    const base = (await api<Coverage>(page, 'GET', `/api/coverage?org=${districtId}&gaps=50`)).json
    await page.goto(env.server().url + '/center-figures/coverage?org=' + districtId)
    await expectFigures(page, base)
    await expect.poll(() => page.locator('[data-test=coverage-row-card]').count()).toBe(base.rows.length)
    expect(await noHorizontalScroll(page)).toBe(true)
    for (const sel of ['[data-test=gap-propose-0]', `[data-test=coverage-open-${base.rows[0].org_id}]`]) {
      const b = (await page.locator(sel).boundingBox())!
      expect(b.height, sel).toBeGreaterThanOrEqual(44)
    }
    await expect.poll(() => page.locator('[data-test=coverage-map] .leaflet-backdrop-pane path').count()).toBeGreaterThan(0)
    await settled(page)
    await page.screenshot({ path: join(shots, 'coverage-375.png'), fullPage: true })
    await page.locator('[data-test=gap-propose-0]').click()
    const gap = base.uncovered[0]
    const whatIf = (await api<Coverage>(page, 'GET', `/api/coverage?org=${districtId}&gaps=50&add=${gap.lat},${gap.lng}`)).json
    await expectFigures(page, whatIf)
    expect(await figureText(page, 'share', 'before')).toBe(percent(base.share_within_1000m))
    expect((await page.locator('[data-test=proposal-remove-0]').boundingBox())!.height).toBeGreaterThanOrEqual(44)
    // Where the phone user tapped, the what-if's result too.
    expect(await page.locator('[data-test=what-if-result]').textContent()).toContain(
      `${percent(base.share_within_1000m)} → ${percent(whatIf.share_within_1000m)}`,
    )
    expect(await noHorizontalScroll(page)).toBe(true)
    await settled(page)
    await page.screenshot({ path: join(shots, 'coverage-what-if-375.png'), fullPage: true })
    await page.close()
  })

  it('the statistics show a booking made through the API in its month and its child organization', async () => {
    const server = env.server()
    const page = await adminPage(1920)
    // A community center under a street of the district, and a service it takes bookings for.
    const [centerId, communityId, streetId] = sql(
      server,
      `select c.id || '|' || o.id || '|' || s.id from centers c join orgs o on o.id = c.org_id join orgs s on s.id = o.parent_id
       where o.kind = 'community' and s.parent_id = ${districtId} and not c.closed order by c.id limit 1`,
    )[0]
      .split('|')
      .map(Number)
    const streetName = sql(server, `select name from orgs where id = ${streetId}`)[0]
    const communityName = sql(server, `select name from orgs where id = ${communityId}`)[0]
    // One anybody may book (the administrator booking here is no member and no resident).
    const detail = await api<{ services: { id: number; eligibility: string; offering: { appointment: boolean } }[] }>(
      page,
      'GET',
      `/api/centers/${centerId}`,
    )
    const service = detail.json.services.find((s) => s.offering.appointment && s.eligibility === 'anyone')!.id
    let start = ''
    for (let d = 1; d <= 10 && !start; d++) {
      const date = new Date(Date.now() + 8 * 3600_000 + d * 86_400_000).toISOString().slice(0, 10)
      const slots = await api<{ items: { start: string; capacity: number; booked: number }[] }>(
        page,
        'GET',
        `/api/centers/${centerId}/slots?service=${service}&date=${date}`,
      )
      start = slots.json.items?.find((s) => s.booked < s.capacity)?.start ?? ''
    }
    expect(start, 'no free slot in the coming days').not.toBe('')
    const booked = await api(page, 'POST', '/api/bookings', { center_id: centerId, service_id: service, start })
    expect(booked.status, JSON.stringify(booked.json)).toBe(201)
    // The slot's month in Shanghai (the server answers +08:00 times).
    expect(start).toMatch(/\+08:00$/)
    const month = start.slice(0, 7)
    const year = month.slice(0, 4)
    const stats = (
      await api<{ bookings: number; children: { org_id: number; bookings: number }[] }>(
        page,
        'GET',
        `/api/orgs/${districtId}/center-stats?period=${year}`,
      )
    ).json
    expect(stats.bookings).toBe(1)

    await page.goto(`${server.url}/center-figures/stats?org=${districtId}&period=${year}`)
    await page.locator('h1', { hasText: '服务中心运行统计' }).waitFor()
    await expect.poll(() => page.locator('[data-test=stats-bookings] [data-test=value]').textContent()).toBe('1')
    // Twelve months on the table, the booking in its own.
    expect(await page.locator('[data-test=stats-months] tbody tr').count()).toBe(12)
    expect(await page.locator(`[data-test=stats-month-${month}] [data-test=bookings]`).textContent()).toBe('1')
    const others = await page
      .locator(`[data-test=stats-months] tbody tr:not([data-test=stats-month-${month}]) [data-test=bookings]`)
      .allTextContents()
    expect(others.every((x) => x === '0')).toBe(true)
    await page.locator('[data-test=stats-chart] canvas').waitFor()
    // The street's row has it; a click goes down to the street, whose row is the community.
    const street = page.locator('[data-test=stats-child-table] .el-table__body tr', { hasText: streetName })
    expect(await street.locator('[data-test=child-bookings]').textContent()).toBe('1')
    await settled(page)
    await page.screenshot({ path: join(shots, 'stats-1920.png') })
    await street.click()
    await expect.poll(() => new URL(page.url()).searchParams.get('org')).toBe(String(streetId))
    const community = page.locator('[data-test=stats-child-table] .el-table__body tr', { hasText: communityName })
    await expect.poll(() => community.locator('[data-test=child-bookings]').textContent()).toBe('1')
    expect(await page.locator('[data-test=figures-trail]').textContent()).toContain(districtName)
    // The same organization's coverage is one click away.
    await page.locator('[data-test=figures-other]').click()
    await page.waitForURL(/\/center-figures\/coverage/)
    expect(new URL(page.url()).searchParams.get('org')).toBe(String(streetId))
    await page.locator('[data-test=coverage-share] [data-test=after]').waitFor()
    await page.close()

    // On a phone, the same month and row as cards.
    const phone = await adminPage(375)
    await phone.goto(`${server.url}/center-figures/stats?org=${districtId}&period=${year}`)
    await expect.poll(() => phone.locator(`[data-test=stats-month-${month}] [data-test=bookings]`).textContent()).toBe('1')
    const card = phone.locator('[data-test=stats-child-card]', { hasText: streetName })
    expect(await card.locator('[data-test=child-bookings]').textContent()).toBe('1')
    expect(await noHorizontalScroll(phone)).toBe(true)
    await settled(phone)
    await phone.screenshot({ path: join(shots, 'stats-375.png'), fullPage: true })
    await phone.close()
  })

  it("a community administrator cannot open another district's figures", async () => {
    const server = env.server()
    // A community of another district than the one above.
    const [community, otherDistrict] = sql(
      server,
      `select o.id || '|' || s.parent_id from orgs o join orgs s on s.id = o.parent_id
       where o.kind = 'community' and s.parent_id in (select id from orgs where kind = 'district' and id <> ${districtId}) order by o.id limit 1`,
    )[0]
      .split('|')
      .map(Number)
    addUser(server, 'figures-community', 'community_admin', community, 'Figures-pass-2026')
    const page = await env.browser().newPage({ viewport: { width: 375, height: 812 } })
    await login(page, server, 'figures-community', 'Figures-pass-2026')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    // Their own community opens (its figures, no child rows).
    await page.goto(server.url + '/center-figures/coverage')
    await page.locator('[data-test=coverage-share] [data-test=after]').waitFor()
    expect(otherDistrict).not.toBe(districtId)
    for (const path of [`/center-figures/coverage?org=${districtId}`, `/center-figures/stats?org=${districtId}`]) {
      await page.goto(server.url + path)
      const error = page.locator('[data-test=figures-error]')
      await error.waitFor()
      expect(await error.textContent()).toContain('不在您的管理范围内')
      expect(await page.locator('[data-test=coverage-figures], [data-test=stats-figures]').count()).toBe(0)
      // The picker does not show the other district's id as if it were a name.
      expect(await page.locator('.figures-org').textContent()).not.toContain(String(districtId))
    }
    await settled(page)
    await page.screenshot({ path: join(shots, 'out-of-scope-375.png') })
    // One tap back to their own community's figures.
    await page.locator('[data-test=figures-home]').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('org')).toBe(String(community))
    await page.locator('[data-test=stats-bookings] [data-test=value]').waitFor()
    await page.close()
  })
})
