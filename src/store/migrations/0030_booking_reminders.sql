-- Issue 15: booking reminders. A booking's reminder is claimed by setting reminded_at (one
-- conditional update, so two servers on one store never send it twice) before the text
-- message goes out, and released if sending fails; moving a booking clears it.
-- reminded_at 0: no reminder is sent (no number on file). A failed send counts a try;
-- after three the booking is not tried again (a gateway refusing a number for good must not
-- keep the others waiting).
ALTER TABLE bookings ADD COLUMN reminded_at {{int}};
ALTER TABLE bookings ADD COLUMN reminder_tries {{int}} NOT NULL DEFAULT 0;
-- The reminder sweep reads the live bookings not yet reminded, by start.
CREATE INDEX bookings_to_remind ON bookings (start_at)
  WHERE status = 'booked' AND reminded_at IS NULL;
