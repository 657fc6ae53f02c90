// The shell: log in, see it, switch language, log out; wrong passwords; 403 and 404 pages;
// a phone-sized screen.
import { describe, expect, it } from 'vitest'
import { login, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('login and the shell', () => {
  it('shows an inline error for a wrong password and stays on the login page', async () => {
    const page = await env.browser().newPage()
    await login(page, env.server(), 'admin', 'Wrong-password-1')
    const error = page.locator('[data-test=login-error]')
    await error.waitFor()
    expect(await error.textContent()).toContain('用户名或密码错误')
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.close()
  })

  it('validates empty fields inline without calling the server', async () => {
    const page = await env.browser().newPage()
    await page.goto(env.server().url + '/login')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('请输入用户名').waitFor()
    await page.close()
  })

  it('logs in, shows the shell in Chinese, switches to English and back, logs out', async () => {
    const context = await env.browser().newContext()
    const page = await context.newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=welcome]').waitFor()
    expect(await page.locator('[data-test=welcome]').textContent()).toContain('欢迎')
    expect(await page.locator('[data-test=user-name]').textContent()).toContain('市级管理员')
    // The city admin reads the audit log but does not manage accounts.
    expect(await page.locator('[data-test=nav-audit]').isVisible()).toBe(true)
    expect(await page.locator('[data-test=nav-accounts]').count()).toBe(0)
    expect(await page.locator('[data-test=scope]').first().textContent()).toContain('中共深圳市委')

    await page.locator('[data-test=language-switch]').first().click()
    await page.locator('[data-test=lang-en]').last().click()
    await page.getByText('Welcome,').waitFor()
    expect(await page.locator('[data-test=nav-audit]').textContent()).toContain('Audit log')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload() // the choice is remembered
    await page.getByText('Welcome,').waitFor()
    await page.locator('[data-test=language-switch]').first().click()
    await page.locator('[data-test=lang-zh]').last().click()
    await page.getByText('欢迎').first().waitFor()

    await page.locator('[data-test=user-menu]').click()
    await page.locator('[data-test=logout]').last().click()
    await page.locator('[data-test=login-submit]').waitFor()
    // The session is gone: protected pages send us back to login.
    await page.goto(env.server().url + '/audit')
    await page.locator('[data-test=login-submit]').waitFor()
    expect(new URL(page.url()).pathname).toBe('/login')
    await context.close()
  })

  it('shows 403 for a module the role may not open, and 404 for nonsense', async () => {
    const context = await env.browser().newContext()
    const page = await context.newPage()
    await login(page, env.server(), 'auditor')
    await page.locator('[data-test=welcome]').waitFor()
    await page.goto(env.server().url + '/accounts')
    await page.locator('[data-test=forbidden]').waitFor()
    await page.goto(env.server().url + '/no/such/page')
    await page.locator('[data-test=not-found]').waitFor()
    await context.close()
  })

  it('works on a 375 px phone screen with the menu in a drawer', async () => {
    const context = await env.browser().newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await login(page, env.server(), 'auditor')
    await page.locator('[data-test=welcome]').waitFor()
    expect(await page.locator('[data-test=nav]').isVisible()).toBe(false)
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('.el-drawer').getByText('审计日志').click()
    await page.locator('[data-test=audit-cards]').waitFor()
    // Nothing overflows the screen horizontally except scrollable tables.
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(375)
    await context.close()
  })

  it('also renders at 1920 px', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await context.newPage()
    await login(page, env.server(), 'admin')
    await page.locator('[data-test=welcome]').waitFor()
    expect(await page.locator('[data-test=nav]').isVisible()).toBe(true)
    expect(await page.locator('[data-test=menu-toggle]').isVisible()).toBe(false)
    await context.close()
  })
})
