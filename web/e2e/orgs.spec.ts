// The organization browser over Shenzhen's real demo tree: find an org by name, read it,
// add a branch under a community, and see the nesting rule refuse a street there. The
// organization picker searches the whole scope on the server, on a phone.
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

  it('the picker finds 章阁 by initials or division code on a phone, and offers it first next time', async () => {
    const page = await env.browser().newPage({ viewport: { width: 375, height: 812 } })
    await login(page, env.server(), 'admin')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(env.server().url + '/meetings')
    const picker = page.locator('[data-test=meetings-org] .el-select')
    const options = page.locator('.org-picker-popper .el-select-dropdown__item:visible')
    await picker.click()
    await page.keyboard.type('zgsq')
    const zhangge = options.filter({ hasText: '章阁社区' }).first()
    await zhangge.waitFor()
    expect(await zhangge.textContent()).toContain('街道') // its parent, to tell namesakes apart
    await zhangge.click()
    await expect.poll(() => page.locator('[data-test=meetings-org]').textContent()).toContain('章阁社区')
    // By the community's 12-digit statistical division code.
    await picker.click()
    await page.keyboard.type('440309005011')
    await options.filter({ hasText: '章阁社区' }).first().waitFor()
    await page.keyboard.press('Escape')
    // Nothing typed: the last organization used comes first.
    await picker.click()
    await expect.poll(async () => (await options.first().textContent()) ?? '').toContain('章阁社区')
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
