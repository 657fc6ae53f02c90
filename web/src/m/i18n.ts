import { createI18n } from 'vue-i18n'
import { zhCN, en } from './messages'
import { ApiError } from '../api/http'

const STORAGE_KEY = 'jiceng.locale' // shared with the administrators' app
export type Locale = 'zh-CN' | 'en'

export const i18n = createI18n({
  legacy: false,
  locale: (typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN') as Locale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

/** Words for a failed request: ours for the codes residents meet, else the server's own. */
export function errorText(e: unknown): string {
  const { t, te } = i18n.global
  if (e instanceof ApiError) {
    if (te('errors.' + e.code)) return t('errors.' + e.code)
    if (e.status === 401) return t('errors.unauthorized')
    // The server words its messages "中文 / English".
    const [zh, english] = e.message.split(' / ')
    return i18n.global.locale.value === 'en' && english ? english : zh
  }
  return t('errors.unknown', { message: String(e) })
}
