// Organizational life in the browser: a branch secretary records a branch committee
// meeting with its first agenda item, attendance and a photo on the workbench, and finds
// the study material by traditional characters; the street's compliance view counts it.
// A security administrator links a member's account to their member record; the member
// reads a material and finds the reading in their study.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addUser, login, sql, useServerAndBrowser } from './support'

const env = useServerAndBrowser()

describe('organizational life', () => {
  it('a secretary records a committee meeting and the street sees it in compliance', async () => {
    const server = env.server()
    const street = Number(sql(server, "select id from orgs where kind = 'street' and name like '%粤海街道%'")[0])
    // The street's branch with the most members.
    const [branch, branchName] = sql(
      server,
      `select o.id || '|' || o.name from orgs o join members m on m.org_id = o.id where o.kind = 'branch' and o.path like (select path from orgs where id = ${street}) || '%' group by o.id order by count(*) desc, o.id limit 1`,
    )[0].split('|')
    // The roster: party members, and applicants, activists and candidates (who attend as 列席).
    const people = Number(
      sql(
        server,
        `select count(*) from members where org_id = ${branch} and status in ('full', 'probationary', 'applicant', 'activist', 'candidate')`,
      )[0],
    )
    expect(people).toBeGreaterThan(1)
    addUser(server, 'secretary', 'branch_secretary', Number(branch), 'Branch-sec-2024')
    addUser(server, 'yuehai', 'street_admin', street, 'Street-admin-2024')

    const page = await env.browser().newPage({ viewport: { width: 390, height: 844 } }) // a phone
    await login(page, server, 'secretary', 'Branch-sec-2024')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(server.url + '/meetings')
    // First the study material, into the library.
    await page.getByRole('tab', { name: '学习资料' }).click()
    await page.locator('[data-test=material-add]').click()
    await page.locator('input[data-test=material-title]').fill('在全国组织工作会议上的讲话')
    await page.locator('textarea[data-test=material-body]').fill('加强基层党建，推进基层治理现代化。')
    await page.locator('[data-test=material-save]').click()
    await page.locator('[data-test=material-cards]').getByText('在全国组织工作会议上的讲话').waitFor()
    await page.getByRole('tab', { name: '工作台' }).click()
    await page.locator('[data-test=meeting-record]').click()
    // The branch committee meeting is the default type; study a material first.
    await page.locator('[data-test=meeting-form-materials]').click()
    await page.getByRole('option', { name: '在全国组织工作会议上的讲话' }).click()
    await page.keyboard.press('Escape')
    // Everyone is present until tapped: one member is marked absent.
    const attendees = page.locator('[data-test=meeting-form-attendance] .person')
    await expect.poll(() => attendees.count()).toBe(people)
    const member = attendees.filter({ hasNotText: '列席' }).first()
    const memberName = (await member.textContent())!.split('·')[0].trim()
    await member.click()
    await expect.poll(async () => (await attendees.filter({ hasText: memberName }).first().textContent())!.includes('缺席')).toBe(true)
    // A photo of the meeting, from the phone.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)])
    await page.locator('input[data-test=meeting-form-files]').setInputFiles({ name: '会议现场.png', mimeType: 'image/png', buffer: png })
    await page.locator('[data-test=meeting-form-save]').click()
    const row = page.locator('[data-test=meeting-cards] .card', { hasText: '支委会' }) // a phone: cards
    await row.waitFor()
    await row.getByText('已记录').waitFor()
    const id = sql(server, `select id from meetings where org_id = ${branch} and type = 'committee_meeting'`)[0]
    expect(sql(server, `select count(*) from meeting_attendance where meeting_id = ${id} and status = 'absent'`)[0]).toBe('1')
    expect(sql(server, `select count(*) from meeting_materials where meeting_id = ${id}`)[0]).toBe('1')
    expect(sql(server, `select name || '|' || content_type || '|' || size from meeting_attachments where meeting_id = ${id}`)).toEqual([
      '会议现场.png|image/png|2056',
    ])
    // The library finds the material by traditional characters, the hit marked.
    await page.getByRole('tab', { name: '学习资料' }).click()
    await page.locator('input[data-test=library-search]').fill('基層黨建')
    await page.locator('input[data-test=library-search]').press('Enter')
    const hit = page.locator('[data-test=search-hits] .hit', { hasText: '在全国组织工作会议上的讲话' })
    await hit.waitFor()
    expect(await hit.locator('mark').allTextContents()).toEqual(['基层党建'])
    expect(await page.locator('[data-test=search-count]').textContent()).toBe('共 1 条')
    await page.close()

    // The street's compliance view for the current quarter shows it.
    const street_page = await env.browser().newPage()
    await login(street_page, server, 'yuehai', 'Street-admin-2024')
    await street_page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await street_page.goto(server.url + '/meetings')
    await street_page.getByRole('tab', { name: '落实情况' }).click()
    await street_page.locator('[data-test=compliance-summary]').waitFor()
    await street_page.locator('[data-test=compliance-type]').click()
    await street_page.getByRole('option', { name: '支委会' }).click()
    expect((await street_page.locator('[data-test=compliance-meetings]').textContent())!.trim()).toBe('1')
    // Drill down from the street, one level at a time, to the branch: at each level the row
    // of the child holding the branch counts the meeting.
    const chain: { id: string; name: string }[] = []
    for (let id = branch; Number(id) !== street;) {
      const [parent, name] = sql(server, `select parent_id || '|' || name from orgs where id = ${id}`)[0].split('|')
      chain.unshift({ id, name })
      id = parent
    }
    for (const level of chain) {
      const item = street_page.locator('[data-test=compliance-table] .el-table__row', { hasText: level.name }).filter({ hasText: '支委会' })
      await item.waitFor()
      expect(await item.locator('td').nth(4).textContent()).toBe('1') // held
      await item.click()
      await street_page.locator('.el-breadcrumb').getByText(level.name).waitFor()
    }
    expect(chain.at(-1)!.name).toBe(branchName)
    await street_page.close()
  })

  it('a linked member reads a study material and sees it in their study', async () => {
    const server = env.server()
    const branch = Number(sql(server, "select id from orgs where kind = 'branch' and status = 'active' order by id limit 1")[0])
    const root = Number(sql(server, 'select id from orgs where parent_id is null')[0])
    addUser(server, 'cityadmin', 'city_admin', root, 'City-admin-2024')
    addUser(server, 'security2', 'security_admin', root, 'Guard-pass-2024')
    addUser(server, 'reader', 'member', branch, 'Study-pass-2024')
    // The member record and a material, through the API as the city administrator.
    const admin = await env.browser().newPage()
    await login(admin, server, 'cityadmin', 'City-admin-2024')
    await admin.waitForURL((u) => !u.pathname.startsWith('/login'))
    const nationalId = '11010519491231002X'
    const made = await admin.evaluate(
      async ([org, id]) => {
        const post = (path: string, body: unknown) =>
          fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status)
        return [
          await post('/api/members', { org_id: org, name: '学习者', national_id: id, status: 'full', joined_on: '2015-07-01' }),
          await post('/api/materials', { title: '中国共产党支部工作条例（试行）', body: '党支部是党的基础组织。'.repeat(40) }),
        ]
      },
      [branch, nationalId] as const,
    )
    expect(made).toEqual([201, 201])
    await admin.close()

    // The security administrator links the account by the number on the member's ID card.
    const security = await env.browser().newPage()
    await login(security, server, 'security2', 'Guard-pass-2024')
    await security.waitForURL((u) => !u.pathname.startsWith('/login'))
    await security.goto(server.url + '/accounts')
    await security.locator('input[data-test=user-search]').fill('reader')
    await security.locator('input[data-test=user-search]').press('Enter')
    await security.locator('[data-test=edit-reader]').click()
    await security.locator('input[data-test=member-national-id]').fill(nationalId.toLowerCase())
    await security.locator('[data-test=link-member]').click()
    await security.locator('[data-test=linked-member]').getByText('学习者').waitFor()
    await security.close()

    // The member opens the material on a phone, reads, and closes it: the session counts.
    const page = await env.browser().newPage({ viewport: { width: 390, height: 844 } })
    await login(page, server, 'reader', 'Study-pass-2024')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(server.url + '/meetings')
    await page.getByRole('tab', { name: '学习资料' }).click()
    await page.locator('[data-test=my-study]').waitFor()
    await page.locator('[data-test=material-cards]').getByText('中国共产党支部工作条例（试行）').click()
    await page.locator('[data-test=material-body-text]').getByText('党支部是党的基础组织。', { exact: false }).waitFor()
    await expect
      .poll(async () => (await page.locator('[data-test=reading-timer]').textContent())!.trim(), { timeout: 10_000 })
      .toMatch(/0:0[3-9]$/)
    await page.locator('[data-test=material-reader] .el-drawer__close-btn').click()
    await expect
      .poll(
        () =>
          sql(server, "select seconds from material_readings r join members m on m.id = r.member_id where m.name = '学习者'").map(
            Number,
          )[0] ?? 0,
      )
      .toBeGreaterThanOrEqual(3)
    await page.locator('[data-test=my-study]').getByText('中国共产党支部工作条例（试行）').waitFor()
    await page.close()
  })

  // A recorded meeting of `branch`, through the API as the logged-in page's user: the party
  // members present, the study material first. Returns its id.
  async function recordMeeting(page: Page, branch: number, title: string): Promise<number> {
    const server = env.server()
    const members = sql(server, `select id from members where org_id = ${branch} and status in ('full', 'probationary') order by id`).map(
      Number,
    )
    const heldAt = new Date(Date.now() - 3600_000).toISOString()
    const made = await page.evaluate(
      async ([org, people, at, name]) => {
        const post = (path: string, body: unknown) =>
          fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        const mat = (await (await post('/api/materials', { title: name + '学习材料', body: '学习贯彻党的二十大精神。' })).json()).id
        const r = await post('/api/meetings', {
          org_id: org,
          type: 'lecture',
          title: name,
          held_at: at,
          first_topic: { material_ids: [mat] },
          minutes: '讲授党课。',
          attendance: (people as number[]).map((id) => ({ member_id: id, status: 'present' })),
          confirm_duplicate: true,
        })
        return [r.status, await r.text()] as const
      },
      [branch, members, heldAt, title] as const,
    )
    expect(made[0], made[1]).toBe(201)
    return JSON.parse(made[1]).id as number
  }

  for (const width of [375, 1920]) {
    it(`at ${width} px a secretary opens a meeting from the list, edits its title and confirms it`, async () => {
      const server = env.server()
      const branch = Number(
        sql(
          server,
          "select o.id from orgs o join members m on m.org_id = o.id where o.kind = 'branch' and o.status = 'active' and m.status = 'full' group by o.id order by count(*) desc, o.id limit 1 offset 1",
        )[0],
      )
      const user = 'detail' + width
      addUser(server, user, 'branch_secretary', branch, 'Branch-sec-2024')
      const page = await env.browser().newPage({ viewport: { width, height: width === 375 ? 812 : 1080 } })
      await login(page, server, user, 'Branch-sec-2024')
      await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      const id = await recordMeeting(page, branch, `第${width}期党课`)
      await page.goto(server.url + '/meetings')
      const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
      if (width === 375) {
        // A phone: the list is cards, with the meeting's actions visible.
        const card = page.locator(`[data-test=meeting-card-${id}]`)
        await card.waitFor()
        expect(await page.locator('[data-test=meeting-table]').isVisible()).toBe(false)
        await card.locator(`[data-test=meeting-card-confirm-${id}]`).waitFor()
        expect(await noOverflow()).toBe(true)
        await card.locator('.card-title').click()
      } else {
        await page.locator(`[data-test=meeting-open-${id}]`).click()
      }
      await page.waitForURL((u) => u.pathname === `/meetings/${id}`)
      await expect.poll(() => page.locator('[data-test=meeting-title]').textContent()).toBe(`第${width}期党课`)
      expect((await page.locator('[data-test=meeting-state]').textContent())!.trim()).toBe('已记录')
      await page.locator('[data-test=attendance-present]').waitFor()
      if (width === 375) expect(await noOverflow()).toBe(true)

      // Edit the title; the record keeps its attendance.
      await page.locator('[data-test=meeting-edit]').click()
      const title = page.locator('input[data-test=meeting-form-title]')
      await expect.poll(() => title.inputValue()).toBe(`第${width}期党课`)
      await expect.poll(() => page.locator('[data-test=meeting-form-attendance] .person').count()).toBeGreaterThan(0)
      if (width === 375) expect(await noOverflow()).toBe(true)
      await title.fill(`第${width}期专题党课`)
      await page.locator('[data-test=meeting-edit-save]').click()
      await expect.poll(() => page.locator('[data-test=meeting-title]').textContent()).toBe(`第${width}期专题党课`)
      expect(sql(server, `select title || '|' || state || '|' || version from meetings where id = ${id}`)).toEqual([
        `第${width}期专题党课|recorded|2`,
      ])

      // Confirm it: confirmed, no more editing, corrections instead.
      await page.locator('[data-test=meeting-confirm]').click()
      await expect.poll(async () => (await page.locator('[data-test=meeting-state]').textContent())!.trim()).toBe('已确认')
      expect(await page.locator('[data-test=meeting-edit]').count()).toBe(0)
      await page.locator('[data-test=correction-save]').waitFor()
      expect(sql(server, `select state from meetings where id = ${id}`)).toEqual(['confirmed'])
      if (width === 375) expect(await noOverflow()).toBe(true)
      await page.close()
    })
  }
})
