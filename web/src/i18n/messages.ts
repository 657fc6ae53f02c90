// Assembles the app's messages: the shared ones (this folder) and each module's.
import type { MessageTree, WebModule } from '../modules/types'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']

/**
 * Deep-merges `from` into `into`. Two sources defining the same message is a mistake (one
 * would silently win), so it throws, naming the key.
 */
export function mergeMessages(into: MessageTree, from: MessageTree, source: string, prefix = ''): MessageTree {
  for (const [key, value] of Object.entries(from)) {
    const path = prefix + key
    const existing = into[key]
    if (typeof value === 'object') {
      if (existing === undefined) into[key] = mergeMessages({}, value, source, path + '.')
      else if (typeof existing === 'object') mergeMessages(existing, value, source, path + '.')
      else throw new Error(`message ${path}: defined twice (${source})`)
    } else {
      if (existing !== undefined) throw new Error(`message ${path}: defined twice (${source})`)
      into[key] = value
    }
  }
  return into
}

/** The shared messages plus every module's, per language. */
export function assembleMessages(modules: WebModule[]): Record<Locale, MessageTree> {
  const out = {} as Record<Locale, MessageTree>
  const shared: Record<Locale, MessageTree> = { 'zh-CN': zhCN, en }
  for (const locale of LOCALES) {
    out[locale] = mergeMessages({}, shared[locale], 'src/i18n')
    for (const m of modules) mergeMessages(out[locale], m.messages[locale], 'module ' + m.name)
  }
  return out
}
