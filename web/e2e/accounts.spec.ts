// A security administrator creates an account in the browser; the new user logs in and
// changes the password; a lockout shows its message.
import { describe, expect, it } from 'vitest'
import { login, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('accounts', () => {
  it('a security admin creates an account that can then log in and change its password', async () => {
    const context = await env.browser().newContext()
    const page = await context.newPage()
    await login(page, env.server(), 'security')
    await page.locator('[data-test=nav-accounts]').click()
    await page.locator('[data-test=user-table]').waitFor()
    await page.locator('[data-test=user-create]').click()
    await page.locator('input[data-test=new-username]').fill('zhangsf')
    await page.locator('input[data-test=new-display-name]').fill('张三丰')
    // Organization: open the tree and pick the root.
    await page.locator('[data-test=user-drawer] .el-select').first().click()
    await page.locator('.el-tree-select__popper .el-select-dropdown__item', { hasText: '中共深圳市委' }).first().click()
    await page.locator('input[data-test=new-password]').fill('weak')
    await page.locator('[data-test=create-submit]').click()
    await page.getByText('至少10位').first().waitFor() // inline policy message
    await page.locator('input[data-test=new-password]').fill('Initial-pass-7')
    await page.locator('[data-test=create-submit]').click()
    await page.locator('[data-test=user-table]').getByText('张三丰').waitFor()

    // Search finds it.
    await page.locator('input[data-test=user-search]').fill('zhang')
    await page.locator('input[data-test=user-search]').press('Enter')
    await page.locator('[data-test=edit-zhangsf]').waitFor()
    await context.close()

    const user = await env.browser().newContext()
    const p2 = await user.newPage()
    await login(p2, env.server(), 'zhangsf', 'Initial-pass-7')
    await p2.locator('[data-test=welcome]').waitFor()
    expect(await p2.locator('[data-test=welcome]').textContent()).toContain('张三丰')
    // No role yet: the home page says so, and no admin menus.
    await p2.getByText('尚未被授予').waitFor()
    expect(await p2.locator('[data-test=nav-accounts]').count()).toBe(0)

    await p2.locator('[data-test=user-menu]').click()
    await p2.locator('[data-test=change-password]').last().click()
    const dialog = p2.locator('[data-test=password-dialog]')
    const inputs = dialog.locator('input')
    await inputs.nth(0).fill('Initial-pass-7')
    await inputs.nth(1).fill('Changed-pass-8')
    await inputs.nth(2).fill('Changed-pass-8')
    await dialog.getByRole('button', { name: '保存' }).click()
    await p2.getByText('密码已修改').waitFor()
    await user.close()

    const again = await env.browser().newPage()
    await login(again, env.server(), 'zhangsf', 'Changed-pass-8')
    await again.locator('[data-test=welcome]').waitFor()
    await again.close()
  })

  it('tells the user when the account is locked', async () => {
    const page = await env.browser().newPage()
    for (let i = 0; i < 5; i++) {
      await login(page, env.server(), 'auditor', 'Wrong-password-' + i)
      await page.locator('[data-test=login-error]').waitFor()
    }
    expect(await page.locator('[data-test=login-error]').textContent()).toContain('锁定')
    await page.close()
  })
})
