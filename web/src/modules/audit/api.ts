import { http, query, type Page } from '../../api/http'
import type { components } from '../../api/schema'

export type AuditEntry = components['schemas']['AuditEntry']

export interface AuditQuery {
  q?: string
  action?: string
  from?: string
  to?: string
  page: number
  size: number
}

export const auditApi = {
  list: (q: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit' + query({ ...q })),
}
