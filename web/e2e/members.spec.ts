// Members over the demo data: masked list, search by name, audited reveal, a pipeline step.
import { describe, expect, it } from 'vitest'
import { login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('members', () => {
  it('lists masked data, finds by name, reveals on request and moves an applicant on', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=nav-members]').click()
    const table = page.locator('[data-test=member-table]')
    await table.locator('.el-table__row').first().waitFor()
    // The city-wide total, before any filter narrows it.
    const totalText = page.locator('.pager .el-pagination__total')
    await expect.poll(async () => (await totalText.textContent()) ?? '').toMatch(/[1-9]/)
    const all = Number((await totalText.textContent())!.replace(/\D/g, ''))
    const firstRow = await table.locator('.el-table__row').first().textContent()
    expect(firstRow).toMatch(/\d{2}\*{15}[\dX]/) // masked citizen ID: province and check character only
    expect(firstRow).toMatch(/1\d{2}\*{4}\d{4}/) // masked mobile

    const name = (await table.locator('.el-table__row').first().locator('td').first().textContent())!.trim()
    await page.locator('input[data-test=member-search]').fill(name)
    await page.locator('input[data-test=member-search]').press('Enter')
    await table.getByText(name).first().waitFor()

    await table.locator('.el-table__row').first().click()
    const id = page.locator('[data-test=member-national-id]')
    await id.waitFor()
    expect(await id.textContent()).toContain('*')
    await page.locator('[data-test=member-reveal]').click()
    await page.waitForFunction(() => !document.querySelector('[data-test=member-national-id]')?.textContent?.includes('*'))
    expect((await id.textContent())!.trim()).toMatch(/^\d{17}[\dX]$/)
    await page.keyboard.press('Escape')

    // Only one street's members: the organization filter takes the street's name.
    await page.locator('input[data-test=member-search]').fill('')
    await page.locator('input[data-test=member-search]').press('Enter')
    await expect.poll(async () => Number((await totalText.textContent())!.replace(/\D/g, ''))).toBe(all)
    await page.locator('[data-test=member-under] .el-select').click()
    await page.keyboard.type('粤海街道')
    await page.locator('.org-picker-popper .el-select-dropdown__item:visible', { hasText: '粤海街道' }).first().click()
    await expect.poll(async () => Number((await totalText.textContent())!.replace(/\D/g, ''))).toBeLessThan(all)
    expect(Number((await totalText.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0)
    await page.locator('[data-test=member-under] .el-select').hover()
    await page.locator('[data-test=member-under] .el-select__clear').click()
    await expect.poll(async () => Number((await totalText.textContent())!.replace(/\D/g, ''))).toBe(all)

    // An applicant becomes an activist.
    await page.locator('[data-test=member-status-filter]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '申请人' }).last().click()
    await table.locator('.el-table__row').first().getByText('申请人').waitFor()
    await table.locator('.el-table__row').first().click()
    await page.locator('[data-test=member-status]', { hasText: '申请人' }).waitFor()
    await page.locator('[data-test=member-next]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '积极分子' }).last().click()
    await page.locator('[data-test=member-apply]').click()
    await page.locator('[data-test=member-status]', { hasText: '积极分子' }).waitFor()
    await page.close()
  })

  it('on a phone the list is cards, each with its details button on the screen, and nothing scrolls sideways', async () => {
    const page = await env.browser().newPage({ viewport: { width: 375, height: 812 } })
    await login(page, env.server(), 'admin')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('[data-test=drawer-nav-members]').click()
    const cards = page.locator('[data-test=member-cards] [data-test=member-card]')
    await cards.first().waitFor()
    expect(await page.locator('[data-test=member-table]').count()).toBe(0) // no table on a phone
    expect(await cards.count()).toBe(20) // a full first page
    const first = cards.first()
    expect(await first.textContent()).toMatch(/\d{2}\*{15}[\dX]/) // the masked ID number, as in the table
    const name = (await first.locator('[data-test=member-card-name]').textContent())!.trim()

    // Each card's action is a visible button inside the screen's width.
    const buttons = page.locator('[data-test=member-card] [data-test=member-open]')
    expect(await buttons.count()).toBe(20)
    const box = (await buttons.first().boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(375)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    // The pager fits too, and its total is there.
    const pagerBox = (await page.locator('.pager .el-pagination').boundingBox())!
    expect(pagerBox.x + pagerBox.width).toBeLessThanOrEqual(375)
    expect(await page.locator('.pager .el-pagination__total').textContent()).toMatch(/1000/)

    // The button opens that member.
    await buttons.first().click()
    const drawer = page.locator('[data-test=member-drawer]')
    await drawer.getByText(name).first().waitFor()
    expect(await page.locator('[data-test=member-national-id]').textContent()).toContain('*')
    await page.close()
  })

  // The receiving side approves and completes a transfer from the list: buttons in a column at
  // 1920 px, on each card at 375 px; the member then belongs to the new organization.
  for (const width of [1920, 375]) {
    it(`a transfer is approved and completed from the transfers list at ${width} px`, async () => {
      const server = env.server()
      // A full member of a branch, not yet moving, and another branch to go to.
      const [member] = sql(
        server,
        `select m.id || '|' || m.name || '|' || m.org_id from members m join orgs o on o.id = m.org_id
         where m.status = 'full' and o.kind = 'branch'
           and not exists (select 1 from member_transfers t where t.member_id = m.id)
         order by m.id limit 1`,
      )
      const [id, name, from] = member.split('|')
      const [to] = sql(server, `select id from orgs where kind = 'branch' and id <> ${from} order by id limit 1`)
      const page = await env.browser().newPage({ viewport: { width, height: width > 600 ? 1080 : 812 } })
      await login(page, server, 'admin')
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      const asked = await page.request.post(`${server.url}/api/members/${id}/transfers`, {
        data: { to_org_id: Number(to), reason: '工作调动' },
      })
      expect(asked.status()).toBe(201)

      await page.goto(server.url + '/transfers')
      const item = page.locator(width > 600 ? '[data-test=transfer-table] .el-table__row' : '[data-test=transfer-card]', {
        hasText: name,
      })
      for (const [action, status] of [
        ['approve', 'approved'],
        ['complete', 'completed'],
      ]) {
        const button = item.locator(`[data-test=transfer-${action}]`)
        await button.waitFor()
        const box = (await button.boundingBox())!
        expect(box.x + box.width).toBeLessThanOrEqual(width) // on the screen, not scrolled off
        await button.click()
        await page.locator('.el-message-box .el-button--primary').click()
        await expect.poll(() => sql(server, `select status from member_transfers where member_id = ${id}`)).toEqual([status])
      }
      await expect.poll(async () => await item.locator('[data-test^=transfer-]').count()).toBe(0) // nothing left to do
      expect(sql(server, `select org_id from members where id = ${id}`)).toEqual([to])
      await page.close()
    })
  }
})
