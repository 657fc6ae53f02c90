// The organization browser over Shenzhen's real demo tree: find an org by name, read it,
// add a branch under a community, and see the nesting rule refuse a street there.
import { describe, expect, it } from 'vitest'
import { login, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('organizations', () => {
  it('finds a town by name and shows its facts', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=nav-orgs]').click()
    await page.locator('[data-test=org-tree]').getByText('中共深圳市委').waitFor()
    await page.locator('input[data-test=org-search]').fill('鲘门')
    await page.locator('input[data-test=org-search]').press('Enter')
    await page.locator('[data-test=org-results]').getByText('中共深汕特别合作区鲘门镇委员会').click()
    await page.locator('[data-test=org-name]', { hasText: '鲘门镇' }).waitFor()
    const detail = await page.locator('[data-test=org-detail]').textContent()
    expect(detail).toContain('镇党委')
    expect(detail).toContain('441521105')
    expect(detail).toContain('中共深汕特别合作区工作委员会') // in the breadcrumb
    await page.close()
  })

  it('adds a branch under a community and refuses a street there', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=nav-orgs]').click()
    await page.locator('input[data-test=org-search]').fill('大塘龙')
    await page.locator('input[data-test=org-search]').press('Enter')
    await page.locator('[data-test=org-results]').getByText('中共桂园街道大塘龙社区委员会').click()
    await page.locator('[data-test=org-name]', { hasText: '大塘龙' }).waitFor()

    await page.locator('[data-test=org-create]').click()
    await page.locator('input[data-test=org-form-name]').fill('中共大塘龙社区第一支部委员会')
    await page.locator('[data-test=org-form-submit]').click()
    await page.locator('[data-test=org-children]').getByText('中共大塘龙社区第一支部委员会').waitFor()

    await page.locator('[data-test=org-create]').click()
    await page.locator('input[data-test=org-form-name]').fill('不该出现的街道')
    await page.locator('[data-test=org-form-kind]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '街道党工委' }).last().click()
    await page.locator('[data-test=org-form-submit]').click()
    const error = page.locator('[data-test=org-error]')
    await error.waitFor()
    expect(await error.textContent()).toContain('下不能设立')
    await page.close()
  })
})
