-- Issue 15: staff leave at a center. On a day with windows (counters) unstaffed, every slot
-- of that day offers proportionally fewer seats: seats × (counters − off) / counters,
-- rounded down (domain::centers::SeatsWithLeave).
CREATE TABLE center_leave (
  center_id {{int}} NOT NULL REFERENCES centers(id),
  day TEXT NOT NULL,               -- YYYY-MM-DD, Shanghai
  counters_off {{int}} NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (center_id, day)
) {{strict}};
