import { ApiError, http, query, requestWithBody, type Page } from '../../api/http'
import type { components, operations } from '../../api/schema'

export type Center = components['schemas']['Center']
export type Booking = components['schemas']['Booking']
export type CenterDetail = components['schemas']['CenterDetail']
export type Service = components['schemas']['Service']
export type Offering = components['schemas']['Offering']
export type OfferedService = Service & { offering: Offering }
export type CenterBody = Record<string, unknown>
export type CenterSlots = components['schemas']['CenterSlots']
/** Staff leave on a day: how many of the center's windows are unstaffed, and why (≤ 200 characters). */
export interface Leave {
  date: string
  counters_off: number
  reason: string
}
/** The staff on duty on a day (值班安排), in order. */
export type DutyDay = operations['listCenterDuty']['responses'][200]['content']['application/json']['items'][number]
export interface UploadedPhoto {
  id: number
  url: string
  content_type: string
  size: number
}

export const CENTER_LEVELS = ['street', 'community', 'park', 'market', 'building', 'service_point'] as const

export const centersApi = {
  /** The centers managed in an organization's subtree, by organization and name. */
  list: (f: { org?: number; q?: string; level?: string }, page: number, size: number) =>
    http.get<Page<Center>>('/api/centers' + query({ org: f.org, q: f.q, level: f.level, page, size })),
  /** A center's bookings of a day (YYYY-MM-DD), for its staff. */
  bookings: (center: number, date: string) => http.get<Page<Booking>>(`/api/centers/${center}/bookings` + query({ date })),
  checkIn: (booking: number) => http.post<Booking>(`/api/bookings/${booking}/check-in`),
  get: (id: number) => http.get<CenterDetail>(`/api/centers/${id}`),
  create: (body: CenterBody) => http.post<CenterDetail>('/api/centers', body),
  replace: (id: number, body: CenterBody & { version: number }) => http.put<CenterDetail>(`/api/centers/${id}`, body),
  services: () => http.get<Page<Service>>('/api/services'),
  offer: (center: number, service: number, body: Partial<Omit<Offering, 'center_id' | 'service_id'>>) =>
    http.put<Offering>(`/api/centers/${center}/services/${service}`, body),
  stopOffering: (center: number, service: number) => http.del<void>(`/api/centers/${center}/services/${service}`),
  /** A service's slots on a day (public): each slot's seats that day and how many are booked. */
  slots: (center: number, service: number, date: string) =>
    http.get<CenterSlots>(`/api/centers/${center}/slots` + query({ service, date })),
  /** The photo is the request's body (JPEG, PNG or WebP); any refusal is thrown. */
  uploadPhoto: async (center: number, photo: Blob) => {
    const r = await requestWithBody<UploadedPhoto | { error?: { code?: string; message?: string; field?: string } }>(
      'POST',
      `/api/centers/${center}/photos`,
      photo,
    )
    if (r.status >= 400) {
      const err = (r.data as { error?: { code?: string; message?: string; field?: string } }).error
      throw new ApiError(r.status, err?.code ?? 'http_' + r.status, err?.message ?? '', err?.field)
    }
    return r.data as UploadedPhoto
  },
  removePhoto: (center: number, photo: number) => http.del<void>(`/api/centers/${center}/photos/${photo}`),
  /** The leave entered from today on, by date. */
  leave: (center: number) => http.get<Page<Leave>>(`/api/centers/${center}/leave`),
  /** Sets a day's unstaffed windows and the reason (sent every time: the server keeps what it is sent); 0 removes the day's leave. */
  putLeave: (center: number, date: string, countersOff: number, reason: string) =>
    http.put<Leave>(`/api/centers/${center}/leave/${date}`, { counters_off: countersOff, reason }),
  /** The rota of the days `from`..`to` (at most 92); days without anyone on duty are left out. */
  duty: (center: number, from: string, to: string) => http.get<Page<DutyDay>>(`/api/centers/${center}/duty` + query({ from, to })),
  /** Replaces a day's list (in order); [] clears the day. */
  putDuty: (center: number, date: string, staff: { name: string; post: string }[]) =>
    http.put<DutyDay>(`/api/centers/${center}/duty/${date}`, { staff }),
}

/** Today in Shanghai, YYYY-MM-DD, whatever the browser's zone. */
export function shanghaiToday(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** HH:MM of an ISO time, in Shanghai. */
export function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  )
}
