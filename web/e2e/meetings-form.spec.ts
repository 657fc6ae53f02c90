// Recording a meeting in the form, at 375 px and at 1920 px: a city administrator finds the
// community 章阁 in the organization picker (by division code and by initials) and records
// a meeting there. Host and recorder are chosen from the roster's party members; an activist
// on the roster only attends (列席) and is left out of the attendance rate; leave needs a
// reason; a second meeting of the type in its period is recorded only when confirmed.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { login, sql, useServerAndBrowser, type Server } from './support'

const env = useServerAndBrowser()

/** A national ID number with a valid GB 11643 check character. */
function nationalId(area: string, birth: string, seq: number): string {
  const body = area + birth + String(seq).padStart(3, '0')
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

/** A request to the API as the page's user: [status, body text]. */
function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const r = await fetch(p as string, {
        method: m as string,
        headers: { 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return [r.status, await r.text()] as const
    },
    [method, path, body] as const,
  )
}

// The people added to 章阁's first branch, once for the file: three party members and an
// activist (who attends as 列席 only). 章阁 has no other members in the demo, but the test
// reads the roster from the store all the same.
const people = {
  host: '林晓峰',
  recorder: '陈雅婷',
  excused: '黄志强',
  absent: '周文静',
  activist: '吴佳怡',
}
let community: { id: number; path: string } | undefined
const material = '深入学习贯彻党的二十大精神'

async function prepare(page: Page, server: Server) {
  if (community) return community
  const [id, path] = sql(server, "select id || '|' || path from orgs where kind = 'community' and area_code = '440309005011'")[0].split('|')
  let branch = sql(server, `select id from orgs where parent_id = ${id} and kind = 'branch' order by id limit 1`)[0]
  if (!branch) {
    const made = await api(page, 'POST', '/api/orgs', { parent_id: Number(id), name: '中共福城街道章阁社区第一支部委员会', kind: 'branch' })
    expect(made[0], made[1]).toBe(201)
    branch = String(JSON.parse(made[1]).id)
  }
  const add = async (name: string, seq: number, status: Record<string, string>) => {
    const r = await api(page, 'POST', '/api/members', {
      org_id: Number(branch),
      name,
      national_id: nationalId('440309', '19860412', seq),
      ...status,
    })
    expect(r[0], r[1]).toBe(201)
  }
  await add(people.host, 101, { status: 'full', joined_on: '2012-07-01' })
  await add(people.recorder, 102, { status: 'full', joined_on: '2014-06-20' })
  await add(people.excused, 103, { status: 'full', joined_on: '2016-05-04' })
  await add(people.absent, 104, { status: 'full', joined_on: '2018-07-01' })
  await add(people.activist, 105, { status: 'activist', applied_on: '2024-03-01', activist_on: '2024-09-01' })
  const r = await api(page, 'POST', '/api/materials', { title: material, body: '全面建设社会主义现代化国家。'.repeat(5) })
  expect(r[0], r[1]).toBe(201)
  community = { id: Number(id), path }
  return community
}

/** The roster the form lists: everyone under the community who is or is becoming a member. */
function roster(server: Server, path: string) {
  return sql(
    server,
    `select m.id || '|' || m.name || '|' || m.status from members m join orgs o on o.id = m.org_id where o.path like '${path}%' and m.status in ('full', 'probationary', 'applicant', 'activist', 'candidate') order by m.id`,
  ).map((line) => {
    const [id, name, status] = line.split('|')
    return { id: Number(id), name, status, member: status === 'full' || status === 'probationary' }
  })
}

async function openPage(width: number) {
  const page = await env.browser().newPage({ viewport: { width, height: width === 375 ? 812 : 1080 } })
  await login(page, env.server(), 'admin')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

for (const width of [375, 1920]) {
  // One type per width, each with a rule for communities: the 375 px run's meetings do not
  // make the 1920 px run's first one a duplicate.
  const type = width === 375 ? { code: 'party_committee', name: '党委会/党组会' } : { code: 'democratic_life', name: '民主生活会' }

  describe(`recording a meeting at ${width} px`, () => {
    it(`finds 章阁 in the picker and records a ${type.name} there: host and recorder from the roster, 列席, leave with a reason, a second one confirmed`, async () => {
      const server = env.server()
      const page = await openPage(width)
      const { id: org, path } = await prepare(page, server)
      const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
      const count = () => Number(sql(server, `select count(*) from meetings where org_id = ${org} and type = '${type.code}'`)[0])

      // Find 章阁 by its 12-digit division code, then by the initials of 章阁社区.
      await page.goto(server.url + '/meetings')
      const picker = page.locator('[data-test=meetings-org] .el-select')
      const options = page.locator('.org-picker-popper .el-select-dropdown__item:visible')
      await picker.click()
      await page.keyboard.type('440309005011')
      await options.filter({ hasText: '章阁社区委员会' }).first().waitFor()
      await page.keyboard.press('Escape')
      await picker.click()
      await page.keyboard.type('zgsq')
      await options.filter({ hasText: '章阁社区委员会' }).first().click()
      await expect.poll(() => page.locator('[data-test=meetings-org]').textContent()).toContain('章阁社区')

      // The form lists the roster: party members present, the activist 列席.
      const everyone = roster(server, path)
      const members = everyone.filter((p) => p.member)
      const byName = (name: string) => everyone.find((p) => p.name === name)!
      expect(everyone.map((p) => p.name)).toEqual(expect.arrayContaining(Object.values(people)))
      expect(byName(people.activist).member).toBe(false)
      async function openForm() {
        await page.locator('[data-test=meeting-record]').click()
        await page.locator('[data-test=meeting-form-type]').click()
        await page.getByRole('option', { name: type.name, exact: true }).click()
        if (type.code === 'party_committee') {
          await page.locator('[data-test=meeting-form-materials]').click()
          await page.getByRole('option', { name: material }).click()
          await page.keyboard.press('Escape')
        }
        await expect.poll(() => page.locator('[data-test=meeting-form-attendance] .person').count()).toBe(everyone.length)
      }
      await openForm()
      if (width === 375) expect(await noOverflow()).toBe(true)
      const tag = (name: string) => page.locator(`[data-test=attendee-${byName(name).id}]`)
      const label = page.locator('.el-dialog .el-form-item__label', { hasText: '出席（' })
      expect((await label.textContent())!.trim()).toBe(`出席（${members.length}/${members.length}）`)
      // Tapping the activist changes nothing: 列席 only, never counted.
      expect((await tag(people.activist).textContent())!.trim()).toBe(`${people.activist} · 列席`)
      await tag(people.activist).click()
      expect((await tag(people.activist).textContent())!.trim()).toBe(`${people.activist} · 列席`)

      // Host, recorder and the first item's study leader: the roster's party members are
      // offered, the activist is not.
      const choices = page.locator('.el-select-dropdown__item:visible')
      for (const [field, name] of [
        ['host', people.host],
        ['recorder', people.recorder],
        ['leader', people.recorder],
      ]) {
        await page.locator(`[data-test=meeting-form-${field}]`).click()
        await expect
          .poll(async () => (await choices.allTextContents()).map((x) => x.trim()).sort())
          .toEqual([...new Set(members.map((p) => p.name))].sort())
        await choices.filter({ hasText: name }).click()
        await expect.poll(() => choices.count()).toBe(0) // closed
      }

      // One member on leave (two taps), one absent (one tap).
      await tag(people.excused).click()
      await tag(people.excused).click()
      await tag(people.absent).click()
      expect((await tag(people.excused).textContent())!.trim()).toBe(`${people.excused} · 请假`)
      expect((await tag(people.absent).textContent())!.trim()).toBe(`${people.absent} · 缺席`)
      expect((await label.textContent())!.trim()).toBe(`出席（${members.length - 2}/${members.length}）`)

      // Leave without a reason: the reason's field says so, and nothing is stored.
      await page.locator('[data-test=meeting-form-save]').click()
      const reason = page.locator(`[data-test=reason-${byName(people.excused).id}]`)
      expect((await reason.getByRole('alert').textContent())!.trim()).toBe('请填写请假原因')
      expect(count()).toBe(0)
      await reason.locator('input').fill('外出参加区委党校培训')
      await expect.poll(() => reason.getByRole('alert').count()).toBe(0)
      await page.locator('[data-test=meeting-form-save]').click()
      await page.locator('[data-test=meeting-form-save]').waitFor({ state: 'detached' })
      expect(count()).toBe(1)
      const id = Number(sql(server, `select id from meetings where org_id = ${org} and type = '${type.code}'`)[0])
      expect(
        sql(
          server,
          `select type || '|' || host || '|' || recorder || '|' || first_topic_leader || '|' || state from meetings where id = ${id}`,
        ),
      ).toEqual([`${type.code}|${people.host}|${people.recorder}|${people.recorder}|recorded`])
      const ours = Object.values(people)
        .map((n) => byName(n).id)
        .join(',')
      expect(
        sql(
          server,
          `select m.name || '|' || a.status || '|' || coalesce(a.reason, '') from meeting_attendance a join members m on m.id = a.member_id where a.meeting_id = ${id} and a.member_id in (${ours}) order by a.member_id`,
        ),
      ).toEqual([
        `${people.host}|present|`,
        `${people.recorder}|present|`,
        `${people.excused}|excused|外出参加区委党校培训`,
        `${people.absent}|absent|`,
        `${people.activist}|attending|`,
      ])

      // A second one in the same period: the app asks. Cancelling stores nothing; confirming
      // stores it.
      await openForm()
      await page.locator('[data-test=meeting-form-save]').click()
      const ask = page.locator('.el-message-box')
      await ask.getByText(`本期已有一次${type.name}，仍要记录？`).waitFor()
      await ask.getByRole('button', { name: '取消' }).click()
      await ask.waitFor({ state: 'hidden' })
      expect(count()).toBe(1)
      await page.locator('[data-test=meeting-form-save]').click()
      await ask.getByText(`本期已有一次${type.name}，仍要记录？`).waitFor()
      await ask.getByRole('button', { name: '仍要记录' }).click()
      await page.locator('[data-test=meeting-form-save]').waitFor({ state: 'detached' })
      expect(count()).toBe(2)

      // The first meeting's page: the reason for leave, the 列席 guest, and a rate of party
      // members only (present of present, excused and absent).
      await page.goto(`${server.url}/meetings/${id}`)
      await expect.poll(() => page.locator('[data-test=meeting-title]').textContent()).toBe(type.name)
      const rate = ((100 * (members.length - 2)) / members.length).toFixed(1) + '%'
      expect(await page.locator('[data-test=meeting-attendance-rate]').textContent()).toBe(rate)
      expect((await page.locator('[data-test=attendance-excused] .el-tag').allTextContents()).map((x) => x.trim())).toEqual([
        `${people.excused}：外出参加区委党校培训`,
      ])
      expect((await page.locator('[data-test=attendance-attending] .el-tag').allTextContents()).map((x) => x.trim())).toEqual(
        everyone.filter((p) => !p.member).map((p) => p.name),
      )
      expect(await page.locator('[data-test=meeting-host]').textContent()).toBe(people.host)
      if (width === 375) expect(await noOverflow()).toBe(true)
      await page.close()
    })
  })
}
