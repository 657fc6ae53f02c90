// A resident's online requests (我的诉求, 一窗受理 online): the form's checks, the server's
// refusals placed beside the field they name, a request's state in words, and its trail.
import { ApiError } from '../api/http'
import type { Ticket, TicketEvent, TicketSummary } from './api'

export const CATEGORIES = ['party', 'government', 'public', 'convenience'] as const
export const RATINGS = [1, 2, 3, 4, 5] as const

export interface RequestForm {
  centerId: number | null
  category: string
  title: string
  description: string
}

/** The form's limits, as the server checks them (api/ticket_routes.cpp), in characters. */
export const LIMITS = { title: 100, description: 2000 } as const

/** Why a field is refused: required and empty, too long, characters the server refuses, or the server's own words. */
export type FieldIssue = 'required' | 'too_long' | 'bad_chars' | 'server'

export interface FieldError {
  issue: FieldIssue
  /** The limit, for too_long. */
  max?: number
  /** The server's message (both languages, "中文 / English"), for server. */
  message?: string
}

export type FieldErrors = Record<string, FieldError>

/** Characters, as the server counts them (code points, not UTF-16 units). */
export const charCount = (s: string) => [...s].length

/**
 * Characters the server refuses in a name or title (platform/utf8.cpp, HasUnsafeNameChars):
 * controls, line and paragraph separators, bidi controls and zero-width characters — what a
 * text copied from a chat app may carry unseen.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\ufeff]/

/** The form's own checks of what would be sent (cleanText): the refusals by field. */
export function validateRequest(f: RequestForm): FieldErrors {
  const out: FieldErrors = {}
  if (!f.centerId) out.center_id = { issue: 'required' }
  if (!(CATEGORIES as readonly string[]).includes(f.category)) out.category = { issue: 'required' }
  const title = cleanText(f.title)
  if (!title) out.title = { issue: 'required' }
  else if (charCount(title) > LIMITS.title) out.title = { issue: 'too_long', max: LIMITS.title }
  if (charCount(cleanText(f.description, true)) > LIMITS.description) out.description = { issue: 'too_long', max: LIMITS.description }
  return out
}

/**
 * A server refusal that names one of `fields` (the error shape's `field`), as the error to
 * show beside it; null when the refusal names no field of the form (shown above the button).
 * The server's generic wording of length and characters is told in the form's own words.
 */
export function serverFieldError(e: unknown, fields: readonly string[], values: Record<string, string> = {}): [string, FieldError] | null {
  if (!(e instanceof ApiError) || !e.field || !fields.includes(e.field)) return null
  if (e.code === 'invalid_field' && /长度无效/.test(e.message)) {
    const max = (LIMITS as Record<string, number>)[e.field]
    if (!(values[e.field] ?? '').trim()) return [e.field, { issue: 'required' }]
    if (max) return [e.field, { issue: 'too_long', max }]
  }
  if (e.code === 'invalid_field' && /非法字符/.test(e.message)) return [e.field, { issue: 'bad_chars' }]
  return [e.field, { issue: 'server', message: e.message }]
}

/**
 * The text as sent: without the characters the server refuses (UNSAFE), which the resident
 * cannot see to delete them; line breaks and tabs stay in longer text.
 */
export function cleanText(s: string, keepLines = false): string {
  const re = new RegExp(UNSAFE.source, 'g')
  return s.replace(re, (c) => (keepLines && (c === '\n' || c === '\r' || c === '\t') ? c : '')).trim()
}

/** The body of POST /api/tickets for a form that passed validateRequest. */
export function requestBody(f: RequestForm): { center_id: number; category: string; title: string; description: string } {
  return { center_id: f.centerId ?? 0, category: f.category, title: cleanText(f.title), description: cleanText(f.description, true) }
}

/** A request's state for the resident: being handled, past its due time, resolved (rated or not). */
export type RequestState = 'open' | 'overdue' | 'resolved' | 'rated'

export function requestState(t: Pick<TicketSummary, 'status' | 'overdue' | 'rating'>): RequestState {
  if (t.status === 'resolved') return t.rating ? 'rated' : 'resolved'
  return t.overdue ? 'overdue' : 'open'
}

/** Whether the resident may rate it now: resolved and not rated yet (the server allows one rating). */
export const canRate = (t: Pick<TicketSummary, 'status' | 'rating'>) => t.status === 'resolved' && !t.rating

/** One line of the trail: a message key with its parameters, and the note shown under it. */
export interface TrailLine {
  kind: string
  key: string
  params: Record<string, string | number>
  note: string
  at: string
}

/**
 * The trail as the resident reads it, oldest first, from the events the server returns: each
 * names the unit it went to (`to_org_name`); one the server cannot name reads `otherUnit`.
 * The creation's note is the channel and a rating's "4/5" is its score: both are told in
 * words, not shown as notes.
 */
export function trail(t: Pick<Ticket, 'events'>, otherUnit: string): TrailLine[] {
  return t.events.map((e: TicketEvent): TrailLine => {
    const base = { kind: e.kind, at: e.at, note: e.note }
    const to = e.to_org_name || otherUnit
    switch (e.kind) {
      case 'create':
        return {
          ...base,
          key: e.note === 'online' ? 'requests.trail.createOnline' : 'requests.trail.create',
          params: { to },
          note: '',
        }
      case 'transfer':
        return { ...base, key: 'requests.trail.transfer', params: { to } }
      case 'note':
        return { ...base, key: 'requests.trail.note', params: {} }
      case 'resolve':
        return { ...base, key: 'requests.trail.resolve', params: {} }
      case 'rate':
        return { ...base, key: 'requests.trail.rate', params: { n: Number.parseInt(e.note, 10) || 0 }, note: '' }
      default:
        return { ...base, key: 'requests.trail.other', params: { kind: e.kind } }
    }
  })
}

/** Requests shown per page of 我的诉求; older ones come with "load more". */
export const REQUESTS_PAGE = 20

/**
 * The list after loading one more page: the new page's requests appended, any already shown
 * left out (a request sent meanwhile shifts the pages by one), and whether older ones remain.
 */
export function appendPage<T extends { id: number }>(shown: T[], page: { items: T[]; total: number }): { items: T[]; more: boolean } {
  const ids = new Set(shown.map((r) => r.id))
  const items = [...shown, ...page.items.filter((r) => !ids.has(r.id))]
  return { items, more: page.items.length > 0 && items.length < page.total }
}
