// A security administrator creates an account in the browser (a role is required); the new
// user's first login must replace the initial password before anything else opens; the
// user menu changes it again; a lockout shows its message.
import { describe, expect, it } from 'vitest'
import { addUser, login, sql, useServerAndBrowser } from './support'

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
    // Organization: the picker offers the scope's root before anything is typed.
    await page.locator('[data-test=user-drawer] .org-picker .el-select').first().click()
    await page.locator('.org-picker-popper .el-select-dropdown__item:visible', { hasText: '中共深圳市委' }).first().click()
    await page.locator('input[data-test=new-password]').fill('weak')
    await page.locator('[data-test=create-submit]').click()
    await page.getByText('至少10位').first().waitFor() // inline policy message
    await page.getByText('请选择角色').first().waitFor() // the role is required
    await page.locator('input[data-test=new-password]').fill('Initial-pass-7')
    await page.locator('[data-test=new-role]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^党员$/ }).click()
    await page.locator('[data-test=create-submit]').click()
    await page.locator('[data-test=user-table]').getByText('张三丰').waitFor()

    // Search finds it.
    await page.locator('input[data-test=user-search]').fill('zhang')
    await page.locator('input[data-test=user-search]').press('Enter')
    await page.locator('[data-test=edit-zhangsf]').waitFor()
    await page.locator('[data-test=initial-zhangsf]').waitFor() // its initial password is in use
    await context.close()

    // The first login leads to the password page, whatever address was asked for.
    const user = await env.browser().newContext()
    const p2 = await user.newPage()
    await p2.goto(env.server().url + '/meetings')
    await p2.locator('input[data-test=username]').fill('zhangsf')
    await p2.locator('input[data-test=password]').fill('Initial-pass-7')
    await p2.locator('[data-test=login-submit]').click()
    await p2.locator('[data-test=first-password-hint]').waitFor()
    expect(await p2.locator('[data-test=first-password-hint]').textContent()).toContain('张三丰')
    await p2.goto(env.server().url + '/orgs')
    await p2.locator('[data-test=first-password-hint]').waitFor() // nothing else opens
    await p2.locator('input[data-test=password-old]').fill('Initial-pass-7')
    await p2.locator('input[data-test=password-new]').fill('Initial-pass-7')
    await p2.locator('input[data-test=password-confirm]').fill('Initial-pass-7')
    await p2.locator('[data-test=password-submit]').click()
    await p2.locator('[data-test=password-error]').waitFor() // the same password again
    expect(await p2.locator('[data-test=password-error]').textContent()).toContain('新密码不能与原密码相同')
    await p2.locator('input[data-test=password-new]').fill('Changed-pass-8')
    await p2.locator('input[data-test=password-confirm]').fill('Changed-pass-8')
    await p2.locator('[data-test=password-submit]').click()
    await p2.getByText('密码已修改').first().waitFor()
    await p2.waitForURL((u) => u.pathname === '/orgs') // then the page that was asked for
    await p2.goto(env.server().url + '/')
    await p2.locator('[data-test=welcome]').waitFor()
    expect(await p2.locator('[data-test=welcome]').textContent()).toContain('张三丰')

    // Later, from the user menu.
    await p2.locator('[data-test=user-menu]').click()
    await p2.locator('[data-test=change-password]').last().click()
    const dialog = p2.locator('[data-test=password-dialog]')
    await dialog.locator('input[data-test=password-old]').fill('Changed-pass-8')
    await dialog.locator('input[data-test=password-new]').fill('Changed-again-9')
    await dialog.locator('input[data-test=password-confirm]').fill('Changed-again-9')
    await dialog.locator('[data-test=password-submit]').click()
    await dialog.waitFor({ state: 'hidden' })
    await user.close()

    const again = await env.browser().newPage()
    await login(again, env.server(), 'zhangsf', 'Changed-again-9')
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

  // The first login on a phone and on a wide screen: the password page fits the screen, its
  // button is on it, and the new password opens the home page.
  for (const width of [375, 1920]) {
    it(`the first login replaces the initial password at ${width} px`, async () => {
      const server = env.server()
      const branch = Number(sql(server, "select id from orgs where kind = 'branch' and status = 'active' order by id limit 1")[0])
      const username = `first${width}`
      addUser(server, username, 'branch_secretary', branch, 'Initial-pass-7', true)
      const page = await env.browser().newPage({ viewport: { width, height: width > 600 ? 1080 : 812 } })
      await login(page, server, username, 'Initial-pass-7')
      await page.locator('[data-test=first-password-hint]').waitFor()
      const submit = page.locator('[data-test=password-submit]')
      const box = (await submit.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(width)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await page.locator('input[data-test=password-old]').fill('Initial-pass-7')
      await page.locator('input[data-test=password-new]').fill('Chosen-by-me-8')
      await page.locator('input[data-test=password-confirm]').fill('Chosen-by-me-8')
      await submit.click()
      await page.locator('[data-test=welcome]').waitFor()
      expect(sql(server, `select must_change_password from users where username = '${username}'`)).toEqual(['0'])
      await page.close()
    })
  }
})
