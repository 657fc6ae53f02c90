// The residents' API: the public finder and a center's page, slots, bookings, online requests,
// and the resident's own account (phone and one-time code, residence, member link). One HTTP client: src/api/http.ts.
import { http, query, type Page } from '../api/http'
import type { components } from '../api/schema'

export type Center = components['schemas']['Center']
// photos: the URLs of the center's photos (servers from before photos leave it out).
export type CenterDetail = Omit<components['schemas']['CenterDetail'], 'services'> & { services: OfferedService[]; photos?: string[] }
export type Service = components['schemas']['Service']
export type Offering = components['schemas']['Offering']
export type OfferedService = Service & { offering: Offering }
export type Slot = components['schemas']['CenterSlots']['items'][number]
export type Booking = components['schemas']['Booking']
export type Period = CenterDetail['hours']['coming'][number]['periods'][number]
export type Ticket = components['schemas']['Ticket']
export type TicketSummary = components['schemas']['TicketSummary']
export type TicketEvent = Ticket['events'][number]

/** The resident behind the session (the residents module, issue 15). */
export interface Resident {
  id: number
  /** Null until the resident states it. */
  name: string | null
  phone: string
  phone_masked?: string
  community_id: number | null
  community_name?: string | null
  /** none: no community stated yet; pending: 待核实; verified: 已核实; returned: sent back with a reason. */
  status: 'none' | 'pending' | 'verified' | 'returned'
  /** Why the community's staff sent the stated community back (status returned). */
  reason?: string | null
  /** The member record linked to the account (关联党员身份), and its name. */
  member_id?: number | null
  member_name?: string | null
}

export interface FindFilter {
  /** "LAT,LNG"; with `crs`. */
  near?: string
  crs?: 'wgs84' | 'gcj02'
  q?: string
  open_now?: boolean
  evening?: boolean
  weekend?: boolean
  service?: number | null
  level?: string
  /** Centers managed in this organization's subtree (a community's own centers). */
  org?: number
  limit?: number
}

const flag = (b: boolean | undefined) => (b ? 1 : undefined)

export const mApi = {
  findCenters: (f: FindFilter) =>
    http.get<Page<Center>>(
      '/api/centers' +
        query({
          near: f.near,
          crs: f.near ? f.crs : undefined,
          q: f.q,
          open_now: flag(f.open_now),
          evening: flag(f.evening),
          weekend: flag(f.weekend),
          service: f.service ?? undefined,
          level: f.level,
          org: f.org,
          limit: f.near ? (f.limit ?? 20) : undefined,
          size: f.near ? undefined : (f.limit ?? 20),
        }),
    ),
  center: (id: number) => http.get<CenterDetail>(`/api/centers/${id}`),
  services: () => http.get<Page<Service>>('/api/services'),
  slots: (center: number, service: number, date: string) =>
    http.get<{ date: string; items: Slot[] }>(`/api/centers/${center}/slots` + query({ service, date })),
  book: (center_id: number, service_id: number, start: string) => http.post<Booking>('/api/bookings', { center_id, service_id, start }),
  myBookings: () => http.get<Page<Booking>>('/api/bookings/mine?size=100'),
  cancel: (id: number, reason: string) => http.post<Booking>(`/api/bookings/${id}/cancel`, { reason }),
  reschedule: (id: number, start: string) => http.post<Booking>(`/api/bookings/${id}/reschedule`, { start }),

  sendCode: (phone: string) => http.post<{ expires_in_s: number; resend_after_s: number }>('/api/residents/codes', { phone }),
  signIn: (phone: string, code: string) => http.post<unknown>('/api/residents/sessions', { phone, code }),
  me: () => http.get<Resident>('/api/residents/me'),
  updateMe: (body: { name?: string; community_id?: number | null }) => http.patch<Resident>('/api/residents/me', body),
  logout: () => http.post<unknown>('/api/auth/logout'),
  /** Links the account to the member record with this ID number and exact name (the record's mobile must be the resident's). */
  linkMember: (national_id: string, name: string) => http.post<Resident>('/api/residents/me/member', { national_id, name }),

  // Online requests (一窗受理 online, 我的诉求).
  request: (body: { center_id: number; category: string; title: string; description: string }) => http.post<Ticket>('/api/tickets', body),
  /** The resident's requests, newest first, a page at a time. */
  myRequests: (page: number, size: number) => http.get<Page<TicketSummary>>('/api/tickets/mine' + query({ page, size })),
  ticket: (id: number) => http.get<Ticket>(`/api/tickets/${id}`),
  rate: (id: number, rating: number, comment: string) => http.post<Ticket>(`/api/tickets/${id}/rating`, { rating, comment }),
}
