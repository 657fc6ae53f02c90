// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createI18n } from 'vue-i18n'
import { ApiError } from './http'
import { errorText } from './errors'
import { messages } from '../i18n'

function translator(locale: 'zh-CN' | 'en') {
  const i18n = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
  const { t, te } = i18n.global
  return { t: (key: string) => t(key), te: (key: string) => te(key) }
}

describe('errorText', () => {
  const locked = new ApiError(401, 'invalid_credentials', '用户名或密码错误 / wrong username or password')
  it('shows the text of the error code in the UI language', () => {
    expect(errorText(locked, translator('zh-CN'))).toBe('用户名或密码错误')
    expect(errorText(locked, translator('en'))).toBe('Wrong username or password')
    const stale = new ApiError(409, 'version_conflict', '单位已被他人修改，请刷新 / the unit was changed by someone else; reload')
    expect(errorText(stale, translator('en'))).toBe('Changed by someone else meanwhile; reload and retry')
  })
  it("falls back to the server's message for a code without a text", () => {
    const field = new ApiError(400, 'invalid_field', '公民身份号码校验位错误 / wrong check digit', 'national_id')
    expect(errorText(field, translator('zh-CN'))).toBe('公民身份号码校验位错误 / wrong check digit')
    const unknown = new ApiError(422, 'some_future_code', '新的规则 / a new rule')
    expect(errorText(unknown, translator('en'))).toBe('新的规则 / a new rule')
  })
  it('never splits the message: a slash inside a message stays', () => {
    const e = new ApiError(422, 'illegal_transition', '出党/退出 后不能再变更 / no change after withdrawal')
    expect(errorText(e, translator('zh-CN'))).toBe('出党/退出 后不能再变更 / no change after withdrawal')
  })
  it('reads anything else as a network error', () => {
    expect(errorText(new TypeError('x'), translator('zh-CN'))).toBe('网络连接失败，请检查网络后重试')
    expect(errorText(new ApiError(0, 'network_error', '网络连接失败 / network error'), translator('en'))).toBe(
      'Network error; check your connection and retry',
    )
    expect(errorText(new ApiError(502, 'http_502', ''), translator('en'))).toBe('Network error; check your connection and retry')
  })
})

// Codes the server sends whose message carries specifics a fixed text would lose (which field
// and what is wrong with it, which record, for how many minutes, which kinds): the web shows
// the server's message for these, so they have no errors.<code> text.
const SERVER_WORDED = [
  'invalid_field',
  'attendance_not_allowed',
  'duplicate_in_period',
  'not_found',
  'forbidden',
  'account_locked',
  'too_many_attempts',
  'rate_limited',
  'weak_password',
  'invalid_status',
  'illegal_transition',
  'illegal_nesting',
  'not_a_branch',
  'type_not_for_org',
  'after_dissolved',
  'before_founded',
  'effective_before_history',
  'term_years',
  'export_too_large',
  'too_many_rows',
  'wrong_header',
  'unreadable_file',
  'export_failed',
  'file_store',
  'audit_key_missing',
  // Service centers' hours (domain/centers.h): the message names what is wrong with which day.
  'invalid_hours',
  'invalid_slot_rules',
  // Residents (service/resident_service.h): the message says for how long, or why a code failed.
  'invalid_code',
  'code_too_soon',
  'too_many_codes',
  'code_not_sent',
  'member_not_matched',
  'not_a_community',
  'nothing_to_verify',
  'no_root_org',
  // Money (platform/money.h): the message names the amount's field and its limits.
  'amount_out_of_range',
  'invalid_amount',
  'invalid_rate',
  'negative_amount',
]
// Codes only the command line meets (configuration, keys, the divisions data), or none:
// sms_not_sent is the built-in SMS sender's to its callers (a resident's code answers
// code_not_sent; a reminder is tried again), never sent to a client.
const CLI_ONLY = [
  'sms_not_sent',
  'bad_clock',
  'invalid_config',
  'invalid_audit_key',
  'invalid_pii_key',
  'divisions_missing',
  'divisions_unexpected',
]

function cppFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? cppFiles(join(dir, d.name)) : /\.(cpp|h)$/.test(d.name) ? [join(dir, d.name)] : [],
  )
}

/** The error codes in the server's source: Fail(kind, "code", …), Error{kind, "code", …}, rejections. */
function serverCodes(): Set<string> {
  const codes = new Set<string>()
  const patterns = [
    /\bFail\(\s*ErrorKind::\w+,\s*"([a-z0-9_]+)"/g,
    /\{\s*ErrorKind::\w+,\s*"([a-z0-9_]+)"/g,
    /\bRateLimited\(\s*"([a-z0-9_]+)"/g,
    /\bReject\(\s*\w+,\s*\d+,\s*"([a-z0-9_]+)"/g,
  ]
  for (const file of cppFiles(join(__dirname, '../../../src')))
    for (const re of patterns) for (const m of readFileSync(file, 'utf8').matchAll(re)) codes.add(m[1])
  return codes
}

describe('error codes', () => {
  const codes = serverCodes()
  it('finds the codes in the server source', () => {
    for (const c of ['invalid_credentials', 'version_conflict', 'invalid_field', 'body_too_large', 'account_locked'])
      expect(codes).toContain(c)
  })
  it.each(['zh-CN', 'en'] as const)('every code the server sends has a text in %s, or shows the server message', (locale) => {
    const errors = messages[locale].errors as Record<string, string>
    const missing = [...codes].filter((c) => !errors[c] && !SERVER_WORDED.includes(c) && !CLI_ONLY.includes(c))
    expect(missing).toEqual([])
  })
  it('the server-worded codes have no text that would hide the server message', () => {
    const errors = messages['zh-CN'].errors as Record<string, string>
    for (const c of SERVER_WORDED) expect(errors[c]).toBeUndefined()
  })
})
