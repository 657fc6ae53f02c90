import { http, query, requestWithBody, type Page } from '../../api/http'
import type { components, paths } from '../../api/schema'

// Generated from the server's OpenAPI document (make web-api).
type Schemas = components['schemas']

export type MeetingType = Schemas['Meeting']['type']
export const MEETING_TYPES = [
  'committee_meeting',
  'member_meeting',
  'group_meeting',
  'lecture',
  'theme_day',
  'life_meeting',
  'appraisal',
  'party_committee',
  'democratic_life',
] as const satisfies readonly MeetingType[]
export type AttendanceStatus = Schemas['AttendanceLine']['status']

/** A meeting with its record (agenda, first agenda item, minutes, attendance, …). */
export type Meeting = Schemas['Meeting']
/** A meeting as listed. */
export type MeetingSummary = Schemas['MeetingSummary']
export type MeetingPage = Schemas['MeetingPage']
export type Attachment = Schemas['Attachment']

/** A study material as listed; `MaterialWithBody` adds the full text. */
export type Material = Schemas['MaterialSummary']
export type MaterialWithBody = Schemas['Material']
export type MaterialPage = Schemas['MaterialPage']

/** A hit; each mark is a [start, end) pair of character offsets (the document says
 * "array of integers", the server always sends two). */
export type SearchHit = Omit<Schemas['SearchHit'], 'title_marks' | 'snippet_marks'> & {
  title_marks: [number, number][]
  snippet_marks: [number, number][]
}
/** A page of hits, best first. Past 2,000 hits `total` stays 2,000, `total_exact` is false,
 * and the pages reach the newest 2,000. */
export type SearchPage = Omit<Schemas['SearchPage'], 'items'> & { items: SearchHit[] }

export type MonthStats = Schemas['MonthStats']
export type MeetingStats = Schemas['MeetingStats']

export type ComplianceItem = Schemas['ComplianceItem']
export type Compliance = Schemas['Compliance']

export type Reminder = Schemas['Reminder']
export type ReminderPage = Schemas['ReminderPage']

/** The workbench: overdue meetings below (oldest missed deadline first) and the
 * organization's own overdue and due ones, this year so far. */
export type Overdue = Schemas['Overdue']
export type OverdueOrg = Schemas['OverdueOrg']
export type MissedMeeting = Schemas['MissedMeeting']
/** A supervision reminder (督办提醒) sent to an organization with overdue meetings. */
export type Supervision = Schemas['Supervision']
export type SupervisionPage = Schemas['SupervisionPage']

type CreateMeetingBody = NonNullable<paths['/api/meetings']['post']['requestBody']>['content']['application/json']
/** The form keeps the type as a plain string; the server checks the code. */
export type NewMeeting = Omit<CreateMeetingBody, 'type'> & { type: string }

type PatchMeetingBody = NonNullable<paths['/api/meetings/{id}']['patch']['requestBody']>['content']['application/json']
/** A change to an unconfirmed meeting: the fields sent, with the version read. */
export type MeetingPatch = PatchMeetingBody
type CorrectionBody = NonNullable<paths['/api/meetings/{id}/corrections']['post']['requestBody']>['content']['application/json']
export type NewCorrection = CorrectionBody

/** A person on an organization's roster, as the record form lists them. */
export interface RosterPerson {
  id: number
  name: string
  status: string
}
/** Member statuses of people who are not yet party members: they attend as 列席 only. */
export const GUEST_STATUSES = ['applicant', 'activist', 'candidate']
/** Member statuses of people on the party's roll, counted in attendance. */
export const MEMBER_STATUSES = ['probationary', 'full']

export type NewMaterial = NonNullable<paths['/api/materials']['post']['requestBody']>['content']['application/json']

export const meetingsApi = {
  list: (org: number, page: number, size: number) => http.get<MeetingPage>('/api/meetings' + query({ org, page, size })),
  create: (body: NewMeeting) => http.post<Meeting>('/api/meetings', body),
  get: (id: number) => http.get<Meeting>(`/api/meetings/${id}`),
  update: (id: number, body: MeetingPatch) => http.patch<Meeting>(`/api/meetings/${id}`, body),
  correct: (id: number, body: NewCorrection) => http.post<Meeting>(`/api/meetings/${id}/corrections`, body),
  confirm: (id: number, version: number) => http.post<Meeting>(`/api/meetings/${id}/confirm`, { version }),
  materials: (q = '', page = 1, size = 100) => http.get<MaterialPage>('/api/materials' + query({ q, page, size })),
  material: (id: number) => http.get<Material>(`/api/materials/${id}`),
  addMaterial: (body: NewMaterial) => http.post<MaterialWithBody>('/api/materials', body),
  search: (q: string, kind: string, page: number, size: number) => http.get<SearchPage>('/api/search' + query({ q, kind, page, size })),
  stats: (org: number, period: string) => http.get<MeetingStats>(`/api/orgs/${org}/meeting-stats` + query({ period })),
  attach: (id: number, file: File) =>
    requestWithBody<Attachment>('POST', `/api/meetings/${id}/attachments` + query({ name: file.name }), file),
  compliance: (org: number, period: string, type: string, page: number, size: number) =>
    http.get<Compliance>(`/api/orgs/${org}/compliance` + query({ period, group: 'children', type, page, size })),
  reminders: (org: number) => http.get<ReminderPage>(`/api/orgs/${org}/reminders`),
  overdue: (org: number, page: number, size: number) => http.get<Overdue>(`/api/orgs/${org}/overdue` + query({ page, size })),
  supervise: (org: number, message: string) => http.post<Supervision>(`/api/orgs/${org}/supervisions`, message ? { message } : {}),
  unreadSupervisions: (org: number) => http.get<SupervisionPage>(`/api/orgs/${org}/supervisions` + query({ unread: 1, size: 50 })),
  markSupervisionRead: (id: number) => http.post<Supervision>(`/api/supervisions/${id}/read`, {}),
  members: (org: number) => http.get<Page<RosterPerson>>('/api/members' + query({ under: org, size: 200, sort: 'name' })),
  calendarUrl: (org: number, year: number) => `/api/orgs/${org}/schedule.ics?year=${year}`,
  ledgerUrl: (org: number, year: number) => `/api/orgs/${org}/ledger.xlsx?year=${year}`,
}
