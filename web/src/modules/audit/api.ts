import { http, query, type Page } from '../../api/http'

export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor_name: string
  action: string
  entity: string
  entity_id: number | null
  org_id: number | null
  before: unknown
  after: unknown
  request_id: string
  hash: string
}

export interface AuditQuery {
  action?: string
  from?: string
  to?: string
  page: number
  size: number
}

export const auditApi = {
  list: (q: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit' + query({ ...q })),
}
