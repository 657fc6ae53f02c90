import { http, query, requestWithBody, type Page } from '../../api/http'

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
] as const
export type MeetingType = (typeof MEETING_TYPES)[number]
export type AttendanceStatus = 'present' | 'excused' | 'absent'

export interface Meeting {
  id: number
  org_id: number
  org_name: string | null
  type: MeetingType
  type_name: string
  title: string
  held_at: string
  held_on: string
  place: string | null
  state: 'planned' | 'held' | 'recorded' | 'confirmed'
  version: number
  first_topic?: { material_ids: number[]; leader: string | null; notes: string | null }
  attendance?: { member_id: number; name: string; status: AttendanceStatus; reason: string | null }[]
}

export interface Material {
  id: number
  title: string
  source: string | null
  published_on: string | null
  tags: string[]
}

export interface SearchHit {
  kind: 'material' | 'minutes'
  id: number
  org_id: number | null
  org_name: string | null
  title: string
  title_marks: [number, number][]
  snippet: string
  snippet_marks: [number, number][]
  date: string | null
  tags: string[]
}

/** A page of hits, best first. Past 2,000 hits `total` stays 2,000, `total_exact` is false,
 * and the pages reach the newest 2,000. */
export interface SearchPage extends Page<SearchHit> {
  total_exact: boolean
}

export interface MonthStats {
  month?: string
  meetings: number
  first_topic_sessions: number
  present: number
  excused: number
  absent: number
  attendance_rate: number | null
}

export interface ComplianceItem {
  org_id: number
  org_name: string
  org_kind: string
  type: MeetingType
  type_name: string
  frequency: string
  required: number
  held: number
  overdue: number
}

export interface Compliance {
  period: { label: string; from: string; to: string }
  items: ComplianceItem[]
  total: number
  summary: {
    required: number
    held: number
    overdue: number
    meetings: number
    first_topic_sessions: number
    attendance: { present: number; excused: number; absent: number; rate: number | null }
  }
  follow_up?: { member_id: number; name: string; org_id: number; missed_on: string[] }[]
}

export interface Reminder {
  kind: 'planned' | 'due'
  org_id: number
  org_name: string
  type: MeetingType
  type_name: string
  date: string
  meeting_id: number | null
  title: string | null
}

export interface NewMeeting {
  org_id: number
  type: string
  title: string
  held_at: string
  place?: string
  first_topic?: { material_ids: number[]; leader?: string; notes?: string }
  minutes?: string
  attendance?: { member_id: number; status: AttendanceStatus; reason?: string }[]
}

export const meetingsApi = {
  list: (org: number, page: number, size: number) => http.get<Page<Meeting>>('/api/meetings' + query({ org, page, size })),
  create: (body: NewMeeting) => http.post<Meeting>('/api/meetings', body),
  confirm: (id: number, version: number) => http.post<Meeting>(`/api/meetings/${id}/confirm`, { version }),
  materials: (q = '', page = 1, size = 100) => http.get<Page<Material>>('/api/materials' + query({ q, page, size })),
  addMaterial: (body: { title: string; source: string; published_on?: string; body: string; tags: string[] }) =>
    http.post<Material>('/api/materials', body),
  search: (q: string, kind: string, page: number, size: number) => http.get<SearchPage>('/api/search' + query({ q, kind, page, size })),
  stats: (org: number, period: string) =>
    http.get<MonthStats & { months: MonthStats[] }>(`/api/orgs/${org}/meeting-stats` + query({ period })),
  attach: (id: number, file: File) =>
    requestWithBody<{ id: number }>('POST', `/api/meetings/${id}/attachments` + query({ name: file.name }), file),
  compliance: (org: number, period: string, type: string, page: number, size: number) =>
    http.get<Compliance>(`/api/orgs/${org}/compliance` + query({ period, group: 'children', type, page, size })),
  reminders: (org: number) => http.get<Page<Reminder>>(`/api/orgs/${org}/reminders`),
  members: (org: number) => http.get<Page<{ id: number; name: string }>>('/api/members' + query({ under: org, size: 200, sort: 'name' })),
  calendarUrl: (org: number, year: number) => `/api/orgs/${org}/schedule.ics?year=${year}`,
  ledgerUrl: (org: number, year: number) => `/api/orgs/${org}/ledger.xlsx?year=${year}`,
}

/** The current quarter in Asia/Shanghai, as the API names periods ("2024Q3"). */
export function currentQuarter(now = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3600_000)
  return `${shanghai.getUTCFullYear()}Q${Math.floor(shanghai.getUTCMonth() / 3) + 1}`
}
