// Shared by the specs where a resident uses /m/ and the staff the administrators' app:
// JSON calls from a page (with its session cookie), Shanghai dates, the SMS outbox the
// server writes codes to, and a resident's sign-up with a code.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Page } from 'playwright-core'

/**
 * Makes the server write each code it sends to a file (one JSON line per code) and returns
 * the file. Call at the spec's top level, before useServerAndBrowser starts the server.
 */
export function useSmsOutbox(): string {
  const outbox = join(mkdtempSync(join(tmpdir(), 'jiceng-sms-')), 'outbox.jsonl')
  process.env.JICENG_SMS_OUTBOX = outbox
  return outbox
}

/** The newest code the server sent to `phone`. */
export async function readCode(outbox: string, phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    if (existsSync(outbox)) {
      const lines = readFileSync(outbox, 'utf8').split('\n').filter(Boolean)
      const mine = lines.map((l) => JSON.parse(l) as { phone: string; code: string }).filter((l) => l.phone === phone)
      if (mine.length) return mine[mine.length - 1].code
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('no code for ' + phone + ' in ' + outbox)
}

/** A JSON request from the page, with its session; the status and the parsed body. */
export async function api(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const r = await fetch(path as string, {
        method: method as string,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await r.text()
      let json = {}
      try {
        json = text ? JSON.parse(text) : {}
      } catch {
        json = { text }
      }
      return { status: r.status, json }
    },
    [method, path, body] as const,
  )
}

/** A Shanghai calendar day, YYYY-MM-DD: today plus `offset` days. */
export function shanghaiDay(offset: number): string {
  return new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10)
}

/** Office hours every day of the week, so that any coming day has slots. */
export function everyDay() {
  const day = [
    { start: '08:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ]
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }
}

/** Signs a new resident up in /m/ (at `mBase`) with a mobile number and the code sent to it; ends on 我的. */
export async function signUpResident(page: Page, mBase: string, outbox: string, phone: string) {
  await page.goto(mBase + 'me')
  await page.waitForURL(/\/login/)
  await page.locator('[data-test=login-phone]').fill(phone)
  await page.locator('[data-test=login-send]').click()
  await page.locator('[data-test=login-sent]').waitFor()
  await page.locator('[data-test=login-code]').fill(await readCode(outbox, phone))
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL(/\/me$/)
  expect(await page.locator('[data-test=me-status]').textContent()).toContain('未填报')
}

// axe-core, evaluated through the DevTools protocol (the page's CSP forbids inline scripts).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe's violations of impact serious or critical on the page as it is now, one line each. */
export async function seriousA11y(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: V[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
  })
}
