import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { modules } from './index'
import { defineModule, type MessageTree } from './types'
import { buildRoutes, menuFor } from '../router'
import { assembleMessages, mergeMessages } from '../i18n/messages'

function keys(obj: MessageTree, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k]))
}

// A module that exists only in this test: one page, one menu entry, its own messages.
const toy = defineModule({
  name: 'toys',
  routes: [{ path: 'toys', name: 'toys', component: { template: '<div />' }, meta: { permission: 'manage_orgs' } }],
  menu: [{ route: 'toys', label: 'menu.toys', icon: 'Box' }],
  messages: {
    'zh-CN': { menu: { toys: '玩具' }, toys: { title: '玩具列表' }, errors: { toy_broken: '玩具坏了' } },
    en: { menu: { toys: 'Toys' }, toys: { title: 'Toy list' }, errors: { toy_broken: 'The toy is broken' } },
  },
})
const list = [...modules, toy]

describe('a module added to the list', () => {
  it('contributes its route inside the main layout', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: buildRoutes(list) })
    expect(router.resolve('/toys').name).toBe('toys')
    expect(router.resolve('/toys').meta.permission).toBe('manage_orgs')
    // Without it, the same path is the not-found page.
    const without = createRouter({ history: createMemoryHistory(), routes: buildRoutes(modules) })
    expect(without.resolve('/toys').name).toBe('not-found')
  })
  it('contributes its menu entry, shown with the permission of its route', () => {
    expect(menuFor(() => true, list).at(-1)).toEqual({ name: 'toys', path: '/toys', label: 'menu.toys', icon: 'Box' })
    expect(menuFor((p) => p !== 'manage_orgs', list).map((m) => m.name)).not.toContain('toys')
    expect(menuFor(() => true, modules).map((m) => m.name)).not.toContain('toys')
  })
  it('contributes its messages in both languages, next to the shared ones', () => {
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: assembleMessages(list) })
    const { t } = i18n.global
    expect(t('menu.toys')).toBe('玩具')
    expect(t('toys.title')).toBe('玩具列表')
    expect(t('errors.toy_broken')).toBe('玩具坏了')
    expect(t('menu.toggle')).toBe('菜单') // shared
    expect(t('menu.members')).toBe('党员管理') // another module's
    i18n.global.locale.value = 'en'
    expect(t('menu.toys')).toBe('Toys')
    expect(t('toys.title')).toBe('Toy list')
    expect(t('errors.toy_broken')).toBe('The toy is broken')
  })
})

describe('the module list', () => {
  it('names each module once', () => {
    const names = modules.map((m) => m.name)
    expect(new Set(names).size).toBe(names.length)
  })
  it.each(modules.map((m) => [m.name, m] as const))('%s: zh-CN and en have the same message keys', (_, m) => {
    expect(keys(m.messages.en).sort()).toEqual(keys(m.messages['zh-CN']).sort())
  })
  it('every menu entry opens a route of its module and has a label in both languages', () => {
    const all = assembleMessages(modules)
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: all, missingWarn: false, fallbackWarn: false })
    for (const m of modules)
      for (const entry of m.menu ?? []) {
        expect((m.routes ?? []).map((r) => r.name)).toContain(entry.route)
        for (const locale of ['zh-CN', 'en'] as const) expect(i18n.global.te(entry.label, locale)).toBe(true)
      }
  })
  it('refuses two sources defining the same message', () => {
    const clash = defineModule({
      name: 'clash',
      messages: { 'zh-CN': { menu: { members: '重复' } }, en: { menu: { members: 'again' } } },
    })
    expect(() => assembleMessages([...modules, clash])).toThrow(/menu\.members/)
    expect(() => mergeMessages({ a: { b: 'x' } }, { a: 'y' }, 'test')).toThrow(/message a: defined twice/)
  })
})
