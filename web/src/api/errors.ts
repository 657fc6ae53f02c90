// What the user reads when a request fails: the text for the error's code (errors.<code>, in
// the UI's language), or the server's own message when there is no text for that code
// (codes such as invalid_field, whose message names the field and what is wrong with it).
// Anything that is not an ApiError (a bug, a lost connection) reads as a network error.
import { ApiError } from './http'

export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
}

export function errorText(e: unknown, { t, te }: Translator): string {
  if (!(e instanceof ApiError)) return t('errors.network_error')
  const key = 'errors.' + e.code
  if (e.code && te(key)) return t(key)
  return e.message || t('errors.network_error')
}
