-- Issue 15: booking reminders. A booking's reminder is claimed by setting reminded_at (one
-- conditional update, so two servers on one store never send it twice) before the text
-- message goes out, and released if sending fails; moving a booking clears it.
ALTER TABLE bookings ADD COLUMN reminded_at {{int}};
-- The reminder sweep reads the live bookings not yet reminded, by start.
CREATE INDEX bookings_to_remind ON bookings (start_at)
  WHERE status = 'booked' AND reminded_at IS NULL;
