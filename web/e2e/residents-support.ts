// Shared by the specs where a resident uses /m/ and the staff the administrators' app:
// Shanghai dates, the SMS outbox the server writes messages to, and a resident's sign-up
// with a code.
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { readSmsCode } from './support'

// The JSON calls, accessibility check and code reader every spec shares.
export { api, readSmsCode, seriousA11y, useSmsOutbox } from './support'

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
  await page.locator('[data-test=login-code]').fill(await readSmsCode(outbox, phone))
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL(/\/me$/)
  expect(await page.locator('[data-test=me-status]').textContent()).toContain('未填报')
}
