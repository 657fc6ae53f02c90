// The workbench lists what is overdue and missing (issue 14): the city's administrator sees
// the organizations below with overdue meetings, the longest overdue first, and opens one;
// a street administrator sends one a supervision reminder (督办), which the reminded
// organization's account sees and marks read; a branch secretary sees her branch's own
// overdue and due meetings and records one from there. On a phone (375 px) and a desktop
// (1920 px).
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addUser, login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()
const phone = { width: 375, height: 812 }
const desktop = { width: 1920, height: 1080 }
const TYPE_NAMES: Record<string, string> = {
  committee_meeting: '支委会',
  member_meeting: '支部党员大会',
  group_meeting: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  appraisal: '民主评议党员',
}

interface OverdueRow {
  org_id: number
  org_name: string
  org_kind: string
  oldest_deadline: string
}
interface Overdue {
  items: OverdueRow[]
  own: { overdue: { type: string }[]; due: { type: string }[] }
}

async function signIn(viewport: { width: number; height: number }, username: string, password?: string): Promise<Page> {
  const page = await env.browser().newPage({ viewport })
  await login(page, env.server(), username, password)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(env.server().url + '/meetings')
  return page
}

/** GET /api/orgs/{org}/overdue as the page's account. */
function overdueOf(page: Page, org: number, size = 200): Promise<Overdue> {
  return page.evaluate(async ([o, s]) => (await fetch(`/api/orgs/${o}/overdue?size=${s}`)).json(), [org, size] as const)
}

/** The element lies inside the viewport horizontally (not scrolled off on a phone). */
async function visibleOnScreen(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox()
  expect(box).not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width)
}

function street(): number {
  return Number(sql(env.server(), "select id from orgs where kind = 'street' and name like '%粤海街道%'")[0])
}

describe('the workbench', () => {
  for (const viewport of [desktop, phone])
    it(`the city's administrator sees the organizations below, oldest overdue first, and opens one (${viewport.width} px)`, async () => {
      const page = await signIn(viewport, 'admin')
      const card = page.locator('[data-test=meeting-overdue]')
      await card.locator('[data-test=overdue-below]').waitFor()
      expect(Number(await card.locator('[data-test=meeting-overdue-total]').textContent())).toBeGreaterThan(0)
      const dates = (await card.locator('[data-test=overdue-oldest]').allTextContents()).map((d) => /\d{4}-\d{2}-\d{2}/.exec(d)![0])
      expect(dates.length).toBeGreaterThan(1)
      expect(dates).toEqual([...dates].sort()) // the oldest missed deadline first
      expect(await card.locator('[data-test=overdue-below] li').first().textContent()).toContain('最早逾期 ' + dates[0])
      // Every row's reminder button is on the screen.
      await visibleOnScreen(page, '[data-test^=supervise-]')
      const first = card.locator('[data-test^=overdue-open-]').first()
      const name = (await first.textContent())!.trim()
      await first.click()
      await expect.poll(() => page.locator('[data-test=meetings-org]').textContent()).toContain(name)
      await page.close()
    })

  it('a street administrator reminds an organization; its account sees the reminder and marks it read', async () => {
    const server = env.server()
    addUser(server, 'yuehai_wb', 'street_admin', street(), 'Street-admin-2024')
    const page = await signIn(phone, 'yuehai_wb', 'Street-admin-2024')
    const card = page.locator('[data-test=meeting-overdue]')
    await card.locator('[data-test=overdue-below]').waitFor()
    const listed = await overdueOf(page, street())
    const target = listed.items[0]
    expect(target).toBeDefined()
    await visibleOnScreen(page, `[data-test=supervise-${target.org_id}]`)
    await card.locator(`[data-test=supervise-${target.org_id}]`).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.textContent()).toContain(target.org_name)
    await box.locator('input').fill('请本周内补开逾期会议')
    await box.getByRole('button', { name: '发送提醒' }).click()
    await page.locator('.el-message--success', { hasText: '督办提醒已发送' }).waitFor()
    // Sent: the button is off for 24 hours and says why.
    await card.locator(`[data-test=supervised-${target.org_id}]`).waitFor()
    expect(await card.locator(`[data-test=supervise-${target.org_id}]`).isDisabled()).toBe(true)
    await page.close()

    // The reminded organization's account.
    const role = target.org_kind === 'community' ? 'community_admin' : target.org_kind === 'branch' ? 'branch_secretary' : 'street_admin'
    addUser(server, 'reminded_wb', role, target.org_id, 'Reminded-2024')
    const theirs = await signIn(desktop, 'reminded_wb', 'Reminded-2024')
    const received = theirs.locator('[data-test=meeting-supervisions]')
    await received.waitFor()
    expect(await received.textContent()).toContain('粤海街道')
    expect(await received.locator('[data-test=supervision-message]').textContent()).toBe('请本周内补开逾期会议')
    await received.locator('[data-test^=supervision-read-]').click()
    await theirs.locator('.el-message--success', { hasText: '已标为已读' }).waitFor()
    await received.waitFor({ state: 'detached' })
    // Read stays read.
    await theirs.reload()
    await theirs.locator('[data-test=meeting-overdue]').waitFor()
    expect(await theirs.locator('[data-test=meeting-supervisions]').count()).toBe(0)
    await theirs.close()
  })

  for (const viewport of [phone, desktop])
    it(`a branch secretary sees her branch's own overdue and due meetings and records one (${viewport.width} px)`, async () => {
      const server = env.server()
      // A branch of the street with something overdue, found as the street sees it.
      addUser(server, `yuehai_b${viewport.width}`, 'street_admin', street(), 'Street-admin-2024')
      const scout = await signIn(desktop, `yuehai_b${viewport.width}`, 'Street-admin-2024')
      const branch = (await overdueOf(scout, street())).items.find((i) => i.org_kind === 'branch')
      await scout.close()
      expect(branch).toBeDefined()
      addUser(server, `secretary_b${viewport.width}`, 'branch_secretary', branch!.org_id, 'Branch-sec-2024')
      const page = await signIn(viewport, `secretary_b${viewport.width}`, 'Branch-sec-2024')
      const own = page.locator('[data-test=overdue-own]')
      await own.waitFor()
      const mine = await overdueOf(page, branch!.org_id)
      expect(mine.own.overdue.length).toBeGreaterThan(0)
      expect(await own.textContent()).toContain('本组织逾期未开')
      if (mine.own.due.length) expect(await own.textContent()).toContain('本组织本期待开')
      // One line per overdue type (its periods summed), one per meeting due.
      const overdueTypes = new Set(mine.own.overdue.map((m) => m.type))
      expect(await own.locator('[data-test^=own-overdue-]').count()).toBe(overdueTypes.size)
      expect(await own.locator('[data-test^=own-due-]').count()).toBe(mine.own.due.length)
      const firstType = mine.own.overdue[0].type
      const periods = mine.own.overdue.filter((m) => m.type === firstType).length
      expect(await own.locator(`[data-test=own-overdue-${firstType}]`).textContent()).toContain(`逾期 ${periods} 次`)
      // Recording one opens 记录会议 with its type chosen.
      const type = mine.own.overdue[0].type
      await visibleOnScreen(page, `[data-test=record-${type}]`)
      await own.locator(`[data-test=record-${type}]`).first().click()
      const dialog = page.locator('.el-dialog', { hasText: '记录会议' })
      await dialog.waitFor()
      const typeName = TYPE_NAMES[type]
      await expect.poll(() => dialog.locator('[data-test=meeting-form-type]').textContent()).toContain(typeName)
      await page.close()
    })
})
