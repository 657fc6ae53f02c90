// Members over the demo data: masked list, search by name, audited reveal, a pipeline step.
import { describe, expect, it } from 'vitest'
import { login, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('members', () => {
  it('lists masked data, finds by name, reveals on request and moves an applicant on', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=nav-members]').click()
    const table = page.locator('[data-test=member-table]')
    await table.locator('.el-table__row').first().waitFor()
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
    const totalText = page.locator('.pager .el-pagination__total')
    await expect.poll(async () => (await totalText.textContent()) ?? '').toMatch(/\d/)
    const all = Number((await totalText.textContent())!.replace(/\D/g, ''))
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
})
