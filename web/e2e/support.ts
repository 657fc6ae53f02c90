// Browser-test support: a real `jiceng serve` on a free loopback port over a fresh copy of
// a SQLite store seeded by `jiceng demo`, and Debian's chromium (its headless shell) driven by
// playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { binary, root } from './seed'

// The web app served: web/dist, or JICENG_WEB_DIST (e.g. a `vite build --mode development` bundle,
// whose Vue and Element Plus warnings e2e/a11y.spec.ts then sees).
const webDist = process.env.JICENG_WEB_DIST ?? join(root, 'web/dist')

export interface Server {
  url: string
  dbFile: string
  passwords: Record<string, string>
  stop(): Promise<void>
}

export async function startServer(): Promise<Server> {
  // A private copy of the demo store seeded once for the whole run (e2e/seed.ts): each
  // spec file starts from the same data and changes only its own copy.
  const seed = inject('seed')
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-'))
  cpSync(seed.dir, dir, { recursive: true })
  const db = `sqlite:${dir}/e2e.db`
  const passwords = seed.passwords
  const child: ChildProcess = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', webDist], {
    env: { ...process.env, JICENG_ACCESS_LOG: '', JICENG_ATTACHMENTS_DIR: join(dir, 'attachments') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error('server did not start: ' + out)), 20_000)
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const m = /serving on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.stderr!.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)))
  })
  return {
    url,
    dbFile: `${dir}/e2e.db`,
    passwords,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Debian's chromium-headless-shell: the same Blink and V8 as its chromium, without the
 * desktop browser around them (what playwright itself runs for headless tests). It renders
 * the suite for half the CPU of `chromium --headless` (docs/PERFORMANCE.md, "Fifth round").
 * CHROMIUM=/usr/bin/chromium runs the full browser instead.
 */
const defaultBrowser = existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? defaultBrowser,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function login(page: Page, server: Server, username: string, password?: string) {
  await page.goto(server.url + '/login')
  await page.locator('input[data-test=username]').fill(username)
  await page.locator('input[data-test=password]').fill(password ?? server.passwords[username])
  await page.locator('[data-test=login-submit]').click()
}

/** One server and one browser for the whole spec file, started before and stopped after. */
export function useServerAndBrowser(): { server: () => Server; browser: () => Browser } {
  let server: Server | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return { server: () => server!, browser: () => browser! }
}

/** Runs one SQL query on the test store with the sqlite3 shell; the first column of each row. */
export function sql(server: Server, query: string): string[] {
  const r = spawnSync('sqlite3', [server.dbFile, query], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error('sqlite3 failed: ' + r.stderr)
  return r.stdout.split('\n').filter(Boolean)
}

/**
 * Creates an account with `role` on `org` through the CLI, as an operator would; its
 * password is kept, or with `temporary` replaced at the first login.
 */
export function addUser(server: Server, username: string, role: string, org: number, password: string, temporary = false) {
  const r = spawnSync(
    binary,
    [
      'user',
      'add',
      '--db',
      'sqlite:' + server.dbFile,
      '--username',
      username,
      '--role',
      role,
      '--org',
      String(org),
      '--password-stdin',
      ...(temporary ? [] : ['--keep-password']),
    ],
    {
      input: password + '\n',
      encoding: 'utf8',
    },
  )
  if (r.status !== 0) throw new Error('jiceng user add failed: ' + r.stderr)
}

/** A request to the API as the page's user (its session cookie): the status and the JSON body. */
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

// axe-core, evaluated through the DevTools protocol (the page's CSP forbids inline scripts).
let axeSource: string | undefined

/** axe's violations of impact serious or critical on the page (and a missing <h1>), one line each. */
export async function seriousA11y(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.waitForLoadState('networkidle')
  // Element Plus fades things in; a half-faded element reads as too light to axe.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  )
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const axe = (window as unknown as { axe: { run: (c: object, o: object) => Promise<{ violations: V[] }> } }).axe
    // Toasts (.el-message) are left out: one fading away from the last action reads as too
    // light, by a timing the test does not control; their colours are the theme's, checked
    // wherever the theme's colours are used on the page.
    const r = await axe.run({ exclude: [['.el-message']] }, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
  })
}

/**
 * Makes the server write each text message it sends (codes, reminders) to a file, one JSON
 * line each, and returns the file. Call at the spec's top level, before useServerAndBrowser
 * starts the server (its beforeAll passes the environment on).
 */
export function useSmsOutbox(): string {
  const outbox = join(mkdtempSync(join(tmpdir(), 'jiceng-sms-')), 'outbox.jsonl')
  process.env.JICENG_SMS_OUTBOX = outbox
  return outbox
}

/**
 * The newest one-time code the server sent to `phone`, from its SMS outbox file (the server
 * writes one JSON line per code there when JICENG_SMS_OUTBOX is set before it starts).
 */
export async function readSmsCode(outbox: string, phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    if (existsSync(outbox)) {
      const lines = readFileSync(outbox, 'utf8').split('\n').filter(Boolean)
      // Codes only: the outbox also holds booking reminders ({"kind":"booking_reminder"}).
      const mine = lines
        .map((l) => JSON.parse(l) as { phone: string; kind: string; code: string })
        .filter((l) => l.phone === phone && l.kind === 'code')
      if (mine.length) return mine[mine.length - 1].code
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('no code for ' + phone + ' in ' + outbox)
}
