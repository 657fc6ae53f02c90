import { createI18n } from 'vue-i18n'
import { zhCN, en } from './messages'
import { ApiError } from '../api/http'
import type { FieldError } from './requests'

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
    return serverWords(e.message)
  }
  return t('errors.unknown', { message: String(e) })
}

/** The server's message ("中文 / English") in the UI's language. */
export function serverWords(message: string): string {
  const [zh, english] = message.split(' / ')
  return i18n.global.locale.value === 'en' && english ? english : zh
}

/** Words for a refusal shown beside the form field `field` (requests.ts, FieldError). */
export function fieldErrorText(field: string, e: FieldError): string {
  const { t } = i18n.global
  if (e.issue === 'required') return t('requests.fieldErrors.required.' + field)
  if (e.issue === 'too_long') return t('requests.fieldErrors.tooLong', { max: e.max ?? 0 })
  if (e.issue === 'bad_chars') return t('requests.fieldErrors.badChars')
  return serverWords(e.message ?? '')
}
