import { http, query, type Page } from '../../api/http'
import type { components, paths } from '../../api/schema'

// Generated from the server's OpenAPI document (make web-api).
export type Member = components['schemas']['Member']

export const STATUSES = [
  'applicant',
  'activist',
  'candidate',
  'probationary',
  'full',
  'transferred_out',
  'deceased',
  'expelled',
  'withdrawn',
  'probation_cancelled',
] as const

/** The steps the pipeline allows from a status (the server has the final word). */
export function nextSteps(status: string): string[] {
  switch (status) {
    case 'applicant':
      return ['activist', 'withdrawn', 'deceased']
    case 'activist':
      return ['candidate', 'withdrawn', 'deceased']
    case 'candidate':
      return ['probationary', 'withdrawn', 'deceased']
    // A probationary member is never expelled: the membership is cancelled (党章 art. 7).
    case 'probationary':
      return ['full', 'probation_cancelled', 'withdrawn', 'transferred_out', 'deceased']
    case 'full':
      return ['transferred_out', 'expelled', 'withdrawn', 'deceased']
    default:
      return []
  }
}

export const membersApi = {
  list: (q: string, status: string, page: number, size: number, sort = '', order = '', under?: number) =>
    http.get<Page<Member>>('/api/members' + query({ q, status, under, page, size, sort, order })),
  get: (id: number, reveal = false) => http.get<Member>(`/api/members/${id}` + query({ reveal: reveal ? 1 : undefined })),
  changeStatus: (id: number, version: number, to: string, on?: string) =>
    http.post<Member>(`/api/members/${id}/status`, { version, to, on }),
}

type CreateMemberBody = NonNullable<paths['/api/members']['post']['requestBody']>['content']['application/json']
/** The form keeps the status as a plain string; the server checks the code. */
export type MemberInput = Omit<CreateMemberBody, 'status'> & { status: string }

export type MemberPatch = NonNullable<paths['/api/members/{id}']['patch']['requestBody']>['content']['application/json']

export type Transfer = components['schemas']['Transfer']

/** The statuses a person can be registered with, and the date each one needs. */
export const REGISTRATION_STATUSES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const
export const STAGE_FIELDS = ['applied_on', 'activist_on', 'candidate_on', 'joined_on', 'full_on'] as const

/** The stage dates a registration must carry (the server's rule): someone still in the
 *  pipeline every date up to their own; a full member the day they joined. */
export function stageRequired(status: string, field: string): boolean {
  if (status === 'full') return field === 'joined_on'
  const upTo = REGISTRATION_STATUSES.indexOf(status as never)
  return STAGE_FIELDS.indexOf(field as never) <= upTo
}

export interface MemberFilter {
  q: string
  status: string
  sort?: string
  order?: string
  /** only this organization's subtree */
  under?: number
}

export const memberEdits = {
  create: (body: MemberInput) => http.post<Member>('/api/members', body),
  update: (id: number, body: MemberPatch) => http.patch<Member>(`/api/members/${id}`, body),
  /** The URL of an export of the filtered list (masked), for a download link. */
  exportUrl: (format: 'csv' | 'xlsx', f: MemberFilter) =>
    `/api/exports/members.${format}` + query({ q: f.q, status: f.status, under: f.under, sort: f.sort, order: f.order }),
  // Full ID numbers, mobiles and birth dates: the pii_exporter grant; every export audited.
  fullExportUrl: (format: 'csv' | 'xlsx', f: MemberFilter) =>
    `/api/exports/members-full.${format}` + query({ q: f.q, status: f.status, under: f.under, sort: f.sort, order: f.order }),
}

export const transfersApi = {
  ofMember: (id: number) => http.get<Page<Transfer>>(`/api/members/${id}/transfers`),
  request: (id: number, to_org_id: number, reason: string) => http.post<Transfer>(`/api/members/${id}/transfers`, { to_org_id, reason }),
  list: (direction: string, status: string, page: number, size: number) =>
    http.get<Page<Transfer>>('/api/transfers' + query({ direction, status, page, size })),
  step: (id: number, action: 'approve' | 'reject' | 'complete' | 'cancel', version: number, note?: string) =>
    http.post<Transfer>(`/api/transfers/${id}/${action}`, { version, note }),
}
