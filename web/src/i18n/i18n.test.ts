import { describe, expect, it } from 'vitest'
import sharedZh from './zh-CN'
import sharedEn from './en'
import * as members from '../modules/members/messages'
import * as orgs from '../modules/orgs/messages'
import { ROLES } from '../modules/accounts/api'
import { nextSteps, STATUSES } from '../modules/members/api'
import { ORG_KINDS } from '../modules/orgs/api'
import { i18n, messages } from './index'

// The assembled messages (shared ones and every module's), and the parts this test reads.
const shared = { zhCN: sharedZh, en: sharedEn }
const zhCN = {
  ...messages['zh-CN'],
  roles: shared.zhCN.roles,
  members: members.zhCN.members,
  orgs: orgs.zhCN.orgs,
}
const en = { ...messages.en, roles: shared.en.roles, members: members.en.members, orgs: orgs.en.orgs }

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, prefix + k + '.') : [prefix + k]))
}

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('every role has a name in both languages', () => {
    for (const r of ROLES) {
      expect((zhCN.roles as Record<string, string>)[r]).toBeTruthy()
      expect((en.roles as Record<string, string>)[r]).toBeTruthy()
    }
  })
  it('every member status has a name in both languages', () => {
    for (const s of STATUSES) {
      expect((zhCN.members.statuses as Record<string, string>)[s]).toBeTruthy()
      expect((en.members.statuses as Record<string, string>)[s]).toBeTruthy()
    }
    expect(zhCN.members.statuses.probation_cancelled).toBe('取消预备党员资格')
    // A probationary member's membership is cancelled, never "expelled" (党章 art. 7).
    expect(nextSteps('probationary')).toContain('probation_cancelled')
    expect(nextSteps('probationary')).not.toContain('expelled')
    expect(nextSteps('full')).not.toContain('probation_cancelled')
  })
  it('every organization kind has a name in both languages', () => {
    for (const k of ORG_KINDS) {
      expect((zhCN.orgs.kinds as Record<string, string>)[k]).toBeTruthy()
      expect((en.orgs.kinds as Record<string, string>)[k]).toBeTruthy()
    }
  })
  it('no message is empty', () => {
    const walk = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'object' ? walk(v) : [v]))
    for (const m of [...walk(zhCN), ...walk(en)]) expect(String(m).trim().length).toBeGreaterThan(0)
  })
  it('speaks Chinese by default', () => {
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.t('login.submit')).toBe('登录')
  })
})
