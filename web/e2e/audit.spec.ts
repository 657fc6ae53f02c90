// The audit log in words, on a desktop and on a phone: an auditor reads 登录 and 新建组织 with
// the target's name, finds entries by the words of their action, and the phone shows cards
// no wider than its screen; with the interface in English the same entries read (and are
// found) in English words. The compliance view's period is picked, not typed.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { login, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

async function openAudit(width: number): Promise<Page> {
  const page = await env.browser().newPage({ viewport: { width, height: width < 500 ? 812 : 1080 } })
  await login(page, env.server(), 'auditor')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(env.server().url + '/audit')
  return page
}

/** Searches the log for `words` and waits until the page shows the answer. */
async function findBy(page: Page, words: string) {
  await page.locator('input[data-test=audit-q]').fill(words)
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/audit' && new URL(r.url()).searchParams.get('q') === words,
  )
  await page.locator('[data-test=audit-search]').click()
  await answered
  await page
    .locator('.el-loading-mask')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {})
}

describe('audit log', () => {
  for (const width of [1920, 375]) {
    it(`reads in words and is found by them at ${width} px`, async () => {
      const page = await openAudit(width)
      const actions = page.locator('[data-test=audit-action]')
      const targets = page.locator('[data-test=audit-target]')
      // Newest first: the auditor's own sign-in, in words, on the account it opened.
      await expect.poll(() => actions.first().textContent()).toBe('登录')
      expect(await targets.first().textContent()).toBe('auditor')
      if (width < 500) {
        expect(await page.locator('[data-test=audit-card]').count()).toBeGreaterThan(0)
        expect(await page.locator('[data-test=audit-table]').count()).toBe(0)
      } else {
        expect(await page.locator('[data-test=audit-table]').count()).toBe(1)
      }

      // By the action's words: the demo's organizations, each by its name.
      await findBy(page, '新建组织')
      await expect.poll(async () => new Set(await actions.allTextContents())).toEqual(new Set(['新建组织']))
      const names = await targets.allTextContents()
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) expect(name).not.toMatch(/^组织 #\d+$/) // a name, not "组织 #12"
      expect(names.some((n) => n.startsWith('中共'))).toBe(true)

      // "新建" finds every creation and no sign-in.
      await findBy(page, '新建')
      await expect.poll(async () => (await actions.allTextContents()).every((a) => a.includes('新建'))).toBe(true)
      const found = await actions.allTextContents()
      expect(found.length).toBeGreaterThan(0)
      expect(found).not.toContain('登录')

      if (width < 500) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
        // Each card opens to its snapshots.
        await page.locator('[data-test=audit-card]').first().getByRole('button', { name: '详情' }).click()
        await page.locator('[data-test=audit-card]').first().getByText('变更后').waitFor()
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      }
      await page.close()
    })
  }

  it('reads and is found in English words when the interface is in English', async () => {
    const page = await openAudit(1920)
    const actions = page.locator('[data-test=audit-action]')
    const targets = page.locator('[data-test=audit-target]')
    await expect.poll(() => actions.first().textContent()).toBe('登录')
    await page.locator('[data-test=language-switch]').first().click()
    await page.locator('[data-test=lang-en]').last().click()
    // The rows already shown switch language without a reload; the account keeps its name.
    await expect.poll(() => actions.first().textContent()).toBe('Sign in')
    expect(await targets.first().textContent()).toBe('auditor')

    // Found by the English words, whatever their case; organizations keep their names.
    await findBy(page, 'create organization')
    await expect.poll(async () => new Set(await actions.allTextContents())).toEqual(new Set(['Create organization']))
    expect((await targets.allTextContents()).some((n) => n.startsWith('中共'))).toBe(true)
    // The Chinese words still find the same entries, shown in English.
    await findBy(page, '新建组织')
    await expect.poll(async () => new Set(await actions.allTextContents())).toEqual(new Set(['Create organization']))
    await page.close()
  })

  it('the compliance period is picked: choosing a quarter changes the period shown', async () => {
    const page = await env.browser().newPage({ viewport: { width: 1920, height: 1080 } })
    await login(page, env.server(), 'admin')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(env.server().url + '/meetings')
    await page.getByRole('tab', { name: '落实情况' }).click()
    const shown = page.locator('[data-test=compliance-period-shown]')
    await shown.waitFor()
    // The current quarter in Shanghai by default.
    const now = new Date(Date.now() + 8 * 3600_000)
    const year = now.getUTCFullYear()
    const quarter = Math.floor(now.getUTCMonth() / 3) + 1
    const first = `${year}-${String(3 * quarter - 2).padStart(2, '0')}-01`
    expect(await shown.textContent()).toContain(first)
    const other = quarter === 1 ? 2 : 1
    await page.locator('[data-test=period-quarter]').click()
    await page.getByRole('option', { name: `第${other}季度` }).click()
    const otherFirst = `${year}-${String(3 * other - 2).padStart(2, '0')}-01`
    await expect.poll(() => shown.textContent()).toContain(otherFirst)
    // A year, then a month, by the kind of period.
    await page.locator('[data-test=period-granularity]').getByText('年', { exact: true }).click()
    await expect.poll(() => shown.textContent()).toContain(`${year}-01-01`)
    await expect.poll(() => shown.textContent()).toContain(`${year}-12-31`)
    await page.locator('[data-test=period-granularity]').getByText('月', { exact: true }).click()
    await expect.poll(() => shown.textContent()).toContain(`${year}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`)
    await page.close()
  })
})
