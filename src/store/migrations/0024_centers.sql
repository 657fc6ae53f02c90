-- Issue 15: party-mass service centers (党群服务中心), their services and residents'
-- appointments. Times are UTC milliseconds; days are Shanghai dates (YYYY-MM-DD).

-- The city-wide service catalog (党务 / 政务 / 公共服务 / 便民服务). A center offers a
-- subset of it (center_services) with its own booking rules.
CREATE TABLE services (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,        -- party | government | public | convenience
  description TEXT NOT NULL DEFAULT '',
  materials TEXT NOT NULL DEFAULT '',    -- what to bring, one item per line
  eligibility TEXT NOT NULL,     -- anyone | residents | members
  duration_min {{int}} NOT NULL, -- the default appointment length
  appointment {{int}} NOT NULL,  -- 1: by appointment (预约); 0: walk-in
  seats {{int}} NOT NULL,        -- the default people served at once
  created_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};

-- A center, managed by an organization of the tree (its scope decides who edits it).
-- The location is kept in GCJ-02 (the coordinates Chinese maps draw in) as integers of
-- 1e-7 degree; `location_source` says what was given (wgs84 from a phone's GPS, bd09 from
-- Baidu, gcj02 from AMap or Tencent), converted on input (platform/geo.h).
-- `week_plan` and `day_rules` are the opening calendar in the compact text of
-- domain/centers.h (EncodeWeek, EncodeRules).
CREATE TABLE centers (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  level TEXT NOT NULL,           -- street | community | park | market | building | service_point
  address TEXT NOT NULL,
  lat_e7 {{int}} NOT NULL,
  lng_e7 {{int}} NOT NULL,
  location_source TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',  -- the center's public service line, not a person's
  counters {{int}} NOT NULL DEFAULT 1,  -- windows (窗口) serving at once
  description TEXT NOT NULL DEFAULT '',
  week_plan TEXT NOT NULL,
  day_rules TEXT NOT NULL DEFAULT '',
  closed {{int}} NOT NULL DEFAULT 0,   -- out of service (renovation, merged): not found by residents
  created_at {{int}} NOT NULL,
  updated_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX centers_org ON centers (org_id);

-- The city's calendar, applied to every center before its own day rules: public holidays
-- (closed) and the State Council's adjusted working days (调休: a weekend day worked with
-- the hours of `as_weekday`, 0 = Monday). Entered by the city each year.
CREATE TABLE city_days (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL,            -- closed | workday
  as_weekday {{int}} NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT ''  -- 国庆节, 春节调休上班 …
) {{strict}};

-- What a center offers, with its booking rules (domain::centers::SlotRules).
CREATE TABLE center_services (
  center_id {{int}} NOT NULL REFERENCES centers(id),
  service_id {{int}} NOT NULL REFERENCES services(id),
  appointment {{int}} NOT NULL,
  slot_min {{int}} NOT NULL,
  buffer_min {{int}} NOT NULL,
  seats {{int}} NOT NULL,
  min_notice_min {{int}} NOT NULL,
  horizon_days {{int}} NOT NULL,
  PRIMARY KEY (center_id, service_id)
) {{strict}};
CREATE INDEX center_services_service ON center_services (service_id);

-- One row per slot that has been booked at least once: its capacity when first booked
-- (updated when the rules change) and the seats taken. A booking takes a seat with
-- `UPDATE … SET booked = booked + 1 WHERE … AND booked < capacity` in the booking's own
-- transaction, so two residents can never both take the last seat (the row lock on
-- PostgreSQL, the single writer on SQLite).
CREATE TABLE center_slots (
  center_id {{int}} NOT NULL REFERENCES centers(id),
  service_id {{int}} NOT NULL REFERENCES services(id),
  start_at {{int}} NOT NULL,
  capacity {{int}} NOT NULL,
  booked {{int}} NOT NULL DEFAULT 0,
  PRIMARY KEY (center_id, service_id, start_at),
  CHECK (booked >= 0 AND booked <= capacity)
) {{strict}};

-- Appointments. `status`: booked → visited (checked in at the center) | cancelled;
-- a booking still `booked` after its end is a no-show (counted, never rewritten).
-- `org_id` is the center's managing organization when booked (the facts' organization).
CREATE TABLE bookings (
  id {{id}},
  center_id {{int}} NOT NULL REFERENCES centers(id),
  service_id {{int}} NOT NULL REFERENCES services(id),
  user_id {{int}} NOT NULL REFERENCES users(id),
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  start_at {{int}} NOT NULL,
  end_at {{int}} NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at {{int}} NOT NULL,
  cancelled_at {{int}},
  cancel_reason TEXT,
  visited_at {{int}},
  checked_in_by {{int}},          -- users(id) of the staff member
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX bookings_user ON bookings (user_id, start_at);
CREATE INDEX bookings_center ON bookings (center_id, start_at);
CREATE INDEX bookings_org ON bookings (org_id, start_at);
-- One live booking per person and slot of a service.
CREATE UNIQUE INDEX bookings_once ON bookings (user_id, center_id, service_id, start_at)
  WHERE status = 'booked';
