// Organizational life on a phone (375 px): the compliance rows and the study library are
// cards with their action visible on the screen, and nothing scrolls sideways.
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

async function phone(): Promise<Page> {
  const page = await env.browser().newPage({ viewport: { width: 375, height: 812 } })
  await login(page, env.server(), 'admin')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(env.server().url + '/meetings')
  return page
}
const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
/** Whether the element is shown whole between the screen's left and right edges. */
async function onScreen(element: Locator) {
  const box = await element.boundingBox()
  return !!box && box.width > 0 && box.x >= 0 && box.x + box.width <= 375
}

describe('organizational life on a phone', () => {
  it('compliance rows are cards, each opened by its button or a tap like a table row', async () => {
    const server = env.server()
    const page = await phone()
    await page.getByRole('tab', { name: '落实情况' }).click()
    await page.locator('[data-test=compliance-summary]').waitFor()
    const cards = page.locator('[data-test=compliance-cards] [data-test=compliance-card]')
    await cards.first().waitFor()
    expect(await page.locator('[data-test=compliance-table]').count()).toBe(0)
    // The city's own meetings and its children's (districts and functional areas), one card
    // per organization and type.
    const city = sql(server, 'select name from orgs where parent_id is null')[0]
    const children = sql(server, 'select name from orgs where parent_id = (select id from orgs where parent_id is null)')
    const names = (await cards.locator('.card-title').allTextContents()).map((n) => n.trim())
    expect(names.length).toBeGreaterThan(1)
    for (const n of names) expect([city, ...children]).toContain(n)
    // Every card has its button on the screen.
    const buttons = cards.locator('[data-test=compliance-open]')
    expect(await buttons.count()).toBe(names.length)
    for (let i = 0; i < Math.min(names.length, 5); i++) expect(await onScreen(buttons.nth(i))).toBe(true)
    expect(await noOverflow(page)).toBe(true)

    // A district's button drills down to it: the trail and the working organization follow.
    const at = names.findIndex((n) => n !== city)
    const first = names[at]
    expect(await buttons.nth(at).getAttribute('aria-label')).toBe('打开 ' + first)
    await buttons.nth(at).click()
    await page.locator('.el-breadcrumb').getByText(first).waitFor()
    await expect.poll(() => page.locator('[data-test=meetings-org]').textContent()).toContain(first)
    const district = sql(server, `select id from orgs where name = '${first}'`)[0]
    const streets = sql(server, `select name from orgs where parent_id = ${district}`)
    await expect
      .poll(async () => (await cards.locator('.card-title').allTextContents()).every((n) => [first, ...streets].includes(n.trim())))
      .toBe(true)
    // A tap on a street card's body does the same, as a click on a table row does.
    const street = cards.locator('.card-title').filter({ hasNotText: first }).first()
    const streetName = (await street.textContent())!.trim()
    expect(streets).toContain(streetName)
    await street.click()
    await page.locator('.el-breadcrumb').getByText(streetName).waitFor()
    expect(await noOverflow(page)).toBe(true)
    // The trail is a keyboard's too: the step back to the district is a button that Enter
    // takes; the step the user is on is marked (aria-current) and is no button.
    await expect
      .poll(async () => (await page.locator('.el-breadcrumb [aria-current=page] .el-breadcrumb__inner').textContent())?.trim())
      .toBe(streetName)
    expect(await page.locator('.el-breadcrumb').getByRole('button', { name: streetName }).count()).toBe(0)
    const back = page.locator('.el-breadcrumb').getByRole('button', { name: first })
    await back.focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(async () => (await page.locator('.el-breadcrumb [aria-current=page] .el-breadcrumb__inner').textContent())?.trim())
      .toBe(first)
    await expect.poll(() => page.locator('[data-test=meetings-org]').textContent()).toContain(first)
    await page.close()
  })

  it('the study library is a list of cards with the read button on the screen', async () => {
    const page = await phone()
    const made = await page.evaluate(async () => {
      const r = await fetch('/api/materials', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: '习近平新时代中国特色社会主义思想学习纲要',
          source: '学习出版社',
          tags: ['理论学习'],
          body: '坚持以人民为中心。',
        }),
      })
      return [r.status, await r.text()] as const
    })
    expect(made[0], made[1]).toBe(201)
    const id = JSON.parse(made[1]).id as number
    await page.getByRole('tab', { name: '学习资料' }).click()
    const card = page.locator('[data-test=material-cards] [data-test=material-card]', {
      hasText: '习近平新时代中国特色社会主义思想学习纲要',
    })
    await card.waitFor()
    expect(await page.locator('[data-test=material-table]').count()).toBe(0)
    expect((await card.locator('dl').textContent())!.replace(/\s+/g, '')).toBe('来源学习出版社标签理论学习')
    const read = card.locator(`[data-test=material-read-${id}]`)
    expect(await onScreen(read)).toBe(true)
    expect(await noOverflow(page)).toBe(true)
    await read.click()
    await page.locator('[data-test=material-body-text]').getByText('坚持以人民为中心。').waitFor()
    await page.close()
  })
})
