import { http, query, type Page } from '../../api/http'

export interface Member {
  id: number
  org_id: number
  org_name: string | null
  name: string
  gender: 'male' | 'female'
  ethnicity: string | null
  birth_date: string
  national_id: string
  mobile: string | null
  revealed: boolean
  education: string | null
  work_unit: string | null
  shenzhen_hukou: boolean
  status: string
  applied_on: string | null
  activist_on: string | null
  candidate_on: string | null
  joined_on: string | null
  probation_ends_on: string | null
  full_on: string | null
  left_on: string | null
  demo: boolean
  version: number
}

export const STATUSES = ['applicant', 'activist', 'candidate', 'probationary', 'full', 'transferred_out', 'deceased', 'expelled', 'withdrawn'] as const

/** The steps the pipeline allows from a status (the server has the final word). */
export function nextSteps(status: string): string[] {
  switch (status) {
    case 'applicant': return ['activist', 'withdrawn', 'deceased']
    case 'activist': return ['candidate', 'withdrawn', 'deceased']
    case 'candidate': return ['probationary', 'withdrawn', 'deceased']
    case 'probationary': return ['full', 'withdrawn', 'transferred_out', 'expelled', 'deceased']
    case 'full': return ['transferred_out', 'expelled', 'withdrawn', 'deceased']
    default: return []
  }
}

export const membersApi = {
  list: (q: string, status: string, page: number, size: number) =>
    http.get<Page<Member>>('/api/members' + query({ q, status, page, size })),
  get: (id: number, reveal = false) => http.get<Member>(`/api/members/${id}` + query({ reveal: reveal ? 1 : undefined })),
  changeStatus: (id: number, version: number, to: string, on?: string) =>
    http.post<Member>(`/api/members/${id}/status`, { version, to, on }),
}
