// The import wizard at a phone's 375 px and a desktop's 1920 px: a file whose one row has
// several problems lists each of them with the value given, the check step turns red
// (never green), the counts tell rows from problems, and the problems can be downloaded.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

const header = '姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织,人员类别,入党日期,转正日期,工作单位,是否深户\n'

describe('imports', () => {
  for (const width of [375, 1920]) {
    it(`lists every problem of a row with its value at ${width} px`, async () => {
      const server = env.server()
      const branch = sql(
        server,
        "select name from orgs where kind = 'branch' and status = 'active' group by name having count(*) = 1 order by min(id) limit 1",
      )[0]
      // Row 2: no name, a bad check digit, a 10-digit mobile; row 3: an unknown category.
      const file =
        header +
        `,女,汉族,1949-12-31,110105194912310021,1381234567,大学本科,${branch},正式党员,1985-07-01,,,是\n` +
        `李导入,女,汉族,1949-12-31,11010519491231002X,,大学本科,${branch},皇帝,1985-07-01,,,是\n`
      const context = await env.browser().newContext({
        viewport: width === 375 ? { width: 375, height: 740 } : { width: 1920, height: 1080 },
        acceptDownloads: true,
        ...(width === 375 ? { isMobile: true, hasTouch: true } : {}),
      })
      const page = await context.newPage()
      await login(page, server, 'admin')
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      await page.goto(server.url + '/imports')
      // The template as downloaded: only its example row, which is skipped — nothing to import.
      const template = await (await page.request.get(server.url + '/api/imports/templates/members.csv')).body()
      await page.locator('[data-test=import-file]').setInputFiles({ name: 'template.csv', mimeType: 'text/csv', buffer: template })
      await page.locator('[data-test=import-check]').click()
      await page.locator('[data-test=import-no-rows]').waitFor()
      expect(await page.locator('[data-test=import-clean]').count()).toBe(0)
      expect(await page.locator('[data-test=import-apply]').isDisabled()).toBe(true)
      await page.locator('[data-test=import-file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
      await page.locator('[data-test=import-check]').click()
      const problems = page.locator('[data-test=import-problems]')
      await problems.waitFor()
      for (const text of ['姓名', '公民身份号码', '手机号码', '人员类别']) await problems.getByText(text).first().waitFor()
      // The values as given, the ID number and mobile only in part.
      await problems.getByText('138***4567').waitFor()
      await problems.getByText('11***************1').waitFor()
      await problems.getByText('皇帝').waitFor()
      expect(await problems.innerText()).not.toContain('110105194912310021')
      await page.getByText('2 行有问题，共 4 个问题').waitFor()
      // The check step is failed (red), not finished (green).
      const check = page.locator('[data-test=import-step-check]')
      expect(await check.locator('.is-error').count()).toBeGreaterThan(0)
      expect(await check.locator('.is-success, .is-finish').count()).toBe(0)
      expect(await page.locator('[data-test=import-apply]').isDisabled()).toBe(true)
      if (width === 375) {
        expect(await page.locator('[data-test=import-problem-card]').count()).toBe(4)
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
        expect(scroll).toBeLessThanOrEqual(375)
      } else {
        expect(await problems.locator('.el-table__row').count()).toBe(4)
      }
      // The problems as a file.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=import-download-problems]').click()])
      const csv = readFileSync((await download.path())!, 'utf8')
      expect(csv).toContain('行,列,填写内容,问题')
      expect(csv).toContain('2,手机号码,138***4567,')
      expect(csv).toContain('3,人员类别,皇帝,')
      await context.close()
    })
  }
})
