import { http, type Page } from '../../api/http'
import type { OrgSummary } from '../../stores/session'

export const orgsApi = {
  get: (id: number) => http.get<OrgSummary>(`/api/orgs/${id}`),
  children: (id: number) => http.get<Page<OrgSummary>>(`/api/orgs/${id}/children`),
}
