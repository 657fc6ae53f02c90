import { createI18n } from 'vue-i18n'
import { modules } from '../modules'
import { assembleMessages, type Locale } from './messages'

export type { Locale } from './messages'
const STORAGE_KEY = 'jiceng.locale'

export function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  return saved === 'en' ? 'en' : 'zh-CN' // Chinese first, whatever the browser says
}

/** Shared messages (src/i18n) merged with every module's (src/modules/<module>/messages.ts). */
export const messages = assembleMessages(modules)

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
