// The registry as a street administrator: only their street's members, found by pinyin
// initials, edited, and exported (masked) as Excel and CSV; their street's statistics.
import { describe, expect, it } from 'vitest'
import { pinyin } from 'pinyin-pro'
import { addUser, login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('registry', () => {
  it('a street admin finds a member by pinyin initials, edits and exports', async () => {
    const server = env.server()
    const street = Number(sql(server, "select id from orgs where kind = 'street' and name like '%粤海街道%'")[0])
    const inStreet = Number(
      sql(
        server,
        `select count(*) from members m join orgs o on o.id = m.org_id where o.path like (select path from orgs where id = ${street}) || '%'`,
      )[0],
    )
    expect(inStreet).toBeGreaterThan(0)
    addUser(server, 'yuehai', 'street_admin', street, 'Street-admin-2024')

    const page = await env.browser().newPage({ acceptDownloads: true })
    await login(page, server, 'yuehai', 'Street-admin-2024')
    await page.locator('[data-test=nav-members]').click()
    const table = page.locator('[data-test=member-table]')
    await table.locator('.el-table__row').first().waitFor()
    // Only the street's members are listed.
    await page.getByText(`共 ${inStreet} 条`).waitFor()

    // Find the first one by the pinyin initials of their name.
    const name = (await table.locator('.el-table__row').first().locator('td').first().textContent())!.trim()
    const initials = pinyin(name, { pattern: 'first', toneType: 'none', surname: 'head', type: 'array' }).join('')
    await page.locator('input[data-test=member-search]').fill(initials)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/members?') && r.url().includes('q=' + initials)),
      page.locator('input[data-test=member-search]').press('Enter'),
    ])
    const found = (await response.json()) as { total: number }
    await page.getByText(`共 ${found.total} 条`).waitFor()
    const row = table.locator('.el-table__row', { hasText: name }).first()
    await row.waitFor()
    const names = await table.locator('.el-table__row td:first-child').allTextContents()
    for (const n of names)
      expect(pinyin(n.trim(), { pattern: 'first', toneType: 'none', surname: 'head', type: 'array' }).join('').startsWith(initials)).toBe(
        true,
      )

    // Edit: education and mobile; the drawer shows the saved record.
    await row.click()
    await page.locator('[data-test=member-edit]').click()
    const education = page.locator('input[data-test=member-form-education]')
    await education.fill('研究生')
    await page.locator('input[data-test=member-form-mobile]').fill('13912345678')
    await page.locator('[data-test=member-form-save]').click()
    await page.locator('[data-test=member-drawer]').getByText('139****5678').waitFor()
    await page.locator('[data-test=member-drawer]').getByText('研究生').waitFor()
    await page.keyboard.press('Escape')

    // Export: an .xlsx download, and the CSV with masked identifiers only.
    await page.locator('[data-test=member-export]').hover()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=member-export-xlsx]').click()])
    expect(download.suggestedFilename()).toBe('党员名册.xlsx')
    const csv = await page.request.get(server.url + '/api/exports/members.csv?q=' + initials)
    expect(csv.status()).toBe(200)
    const text = await csv.text()
    expect(text).toContain(name)
    expect(text).toContain('139****5678')
    expect(text).not.toMatch(/\d{17}[\dX]/) // no full ID number anywhere

    // Another street's member is not reachable.
    const other = sql(
      server,
      `select m.id from members m join orgs o on o.id = m.org_id where o.path not like (select path from orgs where id = ${street}) || '%' limit 1`,
    )[0]
    expect((await page.request.get(server.url + '/api/members/' + other)).status()).toBe(404)
    await page.close()
  })

  it('the org page shows subtree statistics and the units page flags coverage', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=nav-orgs]').click()
    await page.locator('[data-test=org-stats]').waitFor()
    const members = Number(await page.locator('[data-test=org-stats-members]').textContent())
    expect(members).toBe(1000)
    await page.locator('[data-test=org-committee]').waitFor()
    await page.locator('[data-test=nav-units]').click()
    await page.locator('[data-test=unit-table] .el-table__row').first().waitFor()
    await page.locator('[data-test=unit-table]').getByText('单独组建').first().waitFor()
    // Units with 3+ full members and no own organization, flagged (however many the seed made).
    const needing = Number(sql(env.server(), "select count(*) from units where full_members >= 3 and coverage <> 'own'")[0])
    await page.locator('[data-test=units-needs-org]').click()
    if (needing > 0) {
      await page.getByText(`共 ${needing} 条`).waitFor()
      await page.locator('[data-test=unit-needs-org]').first().waitFor()
    } else {
      await page.locator('[data-test=unit-table]').getByText('暂无数据').waitFor()
    }
    await page.close()
  })

  it('the import wizard lists problems, then imports a clean file', async () => {
    const server = env.server()
    const branch = sql(server, "select id from orgs where kind = 'branch' order by id limit 1")[0]
    const header = '姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织,人员类别,入党日期,转正日期,工作单位,是否深户\n'
    const good = header + `李导入,女,汉族,1949-12-31,11010519491231002X,,大学本科,${branch},正式党员,1985-07-01,,,是\n`
    const bad = header + `李导入,女,汉族,1949-12-31,110105194912310021,,大学本科,${branch},皇帝,1985-07-01,,,是\n`
    const page = await env.browser().newPage()
    await login(page, server, 'admin')
    await page.locator('[data-test=nav-imports]').click()
    const file = page.locator('[data-test=import-file]')
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
    await page.locator('[data-test=import-check]').click()
    const problems = page.locator('[data-test=import-problems]')
    await problems.getByText('公民身份号码', { exact: true }).waitFor()
    await problems.getByText('人员类别', { exact: true }).waitFor()
    expect(await page.locator('[data-test=import-apply]').isDisabled()).toBe(true)
    await file.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
    await page.locator('[data-test=import-check]').click()
    await page.locator('[data-test=import-clean]').waitFor()
    await page.locator('[data-test=import-apply]').click()
    await page.locator('[data-test=import-done]').waitFor()
    expect(sql(server, "select count(*) from members where name = '李导入'")[0]).toBe('1')
    await page.close()
  })
})
