// One-window tickets (一窗受理): the API client and the small rules the pages share.
import { http, query, type Page } from '../../api/http'
import type { components } from '../../api/schema'

export type Ticket = components['schemas']['Ticket']
export type TicketSummary = components['schemas']['TicketSummary']
export type TicketEvent = Ticket['events'][number]
export type Center = components['schemas']['Center']

export const CHANNELS = ['walk_in', 'phone'] as const
export const CATEGORIES = ['party', 'government', 'public', 'convenience'] as const

/** The queue's filters: open ones, only the overdue ones, resolved ones, or all. */
export const QUEUE_FILTERS = ['open', 'overdue', 'resolved', 'all'] as const
export type QueueFilter = (typeof QUEUE_FILTERS)[number]

/** The query of the queue for a filter: overdue means open past the due time. */
export function queueQuery(filter: QueueFilter): { status?: string; overdue?: number } {
  if (filter === 'overdue') return { status: 'open', overdue: 1 }
  if (filter === 'all') return {}
  return { status: filter }
}

export interface NewTicket {
  channel: string
  category: string
  title: string
  description?: string
  contact_name?: string
  contact_phone?: string
  unit_ids?: number[]
  due_at?: string
}

export const ticketsApi = {
  /** The centers managed in an organization's subtree, name or address containing `q`. */
  centers: (org: number, q: string, size = 20) => http.get<Page<Center>>('/api/centers' + query({ org, q, size })),
  record: (center: number, body: NewTicket) => http.post<Ticket>(`/api/centers/${center}/tickets`, body),
  /** The queue of an organization's subtree, soonest due first. */
  queue: (org: number, filter: QueueFilter, page: number, size: number) =>
    http.get<Page<TicketSummary>>('/api/tickets' + query({ org, ...queueQuery(filter), page, size })),
  get: (id: number) => http.get<Ticket>(`/api/tickets/${id}`),
  transfer: (id: number, to_org_id: number, note: string) => http.post<Ticket>(`/api/tickets/${id}/transfer`, { to_org_id, note }),
  note: (id: number, note: string) => http.post<Ticket>(`/api/tickets/${id}/notes`, { note }),
  resolve: (id: number, resolution: string) => http.post<Ticket>(`/api/tickets/${id}/resolve`, { resolution }),
  rate: (id: number, rating: number, comment: string) => http.post<Ticket>(`/api/tickets/${id}/rating`, { rating, comment }),
  /** The contact number in full; the server writes the reveal to the audit log. */
  revealPhone: (id: number) => http.post<{ contact_phone: string }>(`/api/tickets/${id}/reveal-phone`),
}

/**
 * A date and time picked in the UI, read as Shanghai wall-clock time, in ISO 8601 with
 * +08:00: what the clerk at the window means by "tomorrow 17:00", whatever the browser's zone.
 */
export function shanghaiDateTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:00+08:00`
}

/** The form's organization pickers as the units the ticket goes to: chosen ones, each once, in order. */
export function unitIds(picked: (number | undefined)[]): number[] {
  const out: number[] = []
  for (const id of picked) if (id !== undefined && !out.includes(id)) out.push(id)
  return out
}

/** The organizations an event or ticket names, for looking their names up once. */
export function orgIdsOf(ticket: Ticket): number[] {
  const ids = new Set<number>(ticket.units)
  for (const e of ticket.events) {
    if (e.from_org_id !== null) ids.add(e.from_org_id)
    if (e.to_org_id !== null) ids.add(e.to_org_id)
  }
  return [...ids]
}
