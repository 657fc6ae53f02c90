// Residence review (居民居住社区核实): the residents who stated a community in an
// organization's subtree, and the staff's decision on each — verified, or returned with a
// reason the resident reads in /m/. The rules the page shares live here, tested beside it.
import { http, query, type Page } from '../../api/http'
import type { components } from '../../api/schema'

export type Resident = components['schemas']['Resident']
export type ResidenceStatus = Resident['status']

/** The list's filters, the pending ones first (the reviewer's work). "all": every status. */
export const STATUS_FILTERS = ['pending', 'verified', 'returned', 'all'] as const
export type StatusFilter = (typeof STATUS_FILTERS)[number]

/** A filter from a URL's ?status=, the pending ones for anything else. */
export function statusFilterOf(value: unknown): StatusFilter {
  return STATUS_FILTERS.includes(value as StatusFilter) ? (value as StatusFilter) : 'pending'
}

/** The longest reason the server keeps (domain/residents.cpp, ReviewResidence). */
export const REASON_MAX = 200

/**
 * What is wrong with a return's reason, or null: a return needs one (the resident reads it
 * to put the statement right), at most REASON_MAX characters once trimmed.
 */
export function reasonProblem(reason: string): 'required' | 'too_long' | null {
  const text = reason.trim()
  if (!text) return 'required'
  if ([...text].length > REASON_MAX) return 'too_long'
  return null
}

/** The decisions open on a resident in each status: a verified one may still be returned. */
export function decisionsFor(status: ResidenceStatus): { verify: boolean; giveBack: boolean } {
  return { verify: status === 'pending' || status === 'returned', giveBack: status === 'pending' || status === 'verified' }
}

/** The tag colour of a status (its words are always beside it). */
export function statusTagType(status: ResidenceStatus): 'warning' | 'success' | 'danger' | 'info' {
  return ({ pending: 'warning', verified: 'success', returned: 'danger', none: 'info' } as const)[status]
}

export const residentsApi = {
  /** The residents living in the subtree of `org`, most recently changed first. */
  list: (org: number, filter: StatusFilter, page: number, size: number) =>
    http.get<Page<Resident>>(`/api/orgs/${org}/residents` + query({ status: filter === 'all' ? undefined : filter, page, size })),
  /** Verifies the stated community, or returns it with a reason; `version` as read (409 when stale). */
  review: (id: number, body: { verified: boolean; reason?: string; version: number }) =>
    http.post<Resident>(`/api/residents/${id}/verification`, body),
}
