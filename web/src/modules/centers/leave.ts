// Staff leave (人员请假): some of a center's windows unstaffed on a day. The day's slots offer
// proportionally fewer seats — never fewer than already booked (the server keeps those).
import type { CenterSlots, Leave } from './api'

/** A leave's reason is at most 200 characters (center_staff_routes.cpp LeaveFields). */
export const MAX_LEAVE_REASON = 200

/**
 * A slot's seats on a day with `off` of `counters` windows unstaffed: proportional, rounded
 * down, none when every window is off. Mirrors domain::centers::SeatsWithLeave, so that the
 * form can say what a leave will do before it is saved.
 */
export function seatsWithLeave(seats: number, counters: number, off: number): number {
  if (counters <= 0 || off <= 0) return seats
  if (off >= counters) return 0
  return Math.floor((seats * (counters - off)) / counters)
}

/** The leave days in date order, from `today` on (YYYY-MM-DD compare as text). */
export function comingLeave(items: Leave[], today: string): Leave[] {
  return items.filter((l) => l.date >= today && l.counters_off > 0).sort((a, b) => a.date.localeCompare(b.date))
}

/** The weekday of a YYYY-MM-DD date, 0 for Sunday (the date is a calendar day, not an instant). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

/** What a service's slots offer on a day, as the server answered: its seats and bookings. */
export interface DaySeats {
  /** Bookable slots that day (none: closed, past, or beyond how far ahead one may book). */
  slots: number
  /** Seats of a slot that day (the smallest, should they differ). */
  seats: number
  /** Seats booked over the day. */
  booked: number
  /** Slots holding more bookings than the day's seats (booked before the leave was entered). */
  overfull: number
}

export function daySeats(answer: CenterSlots): DaySeats {
  const items = answer.items
  return {
    slots: items.length,
    seats: items.length ? Math.min(...items.map((s) => s.capacity)) : 0,
    booked: items.reduce((n, s) => n + s.booked, 0),
    overfull: items.filter((s) => s.booked > s.capacity).length,
  }
}
