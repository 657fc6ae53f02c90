-- Members who missed their latest meetings without excuse, kept by the application on
-- every attendance change (MeetingRepository::RefreshAbsences), so that the follow-up list
-- of a subtree (three in a row: the rule behind 'lost contact' handling) is an index
-- lookup instead of a window over every attendance row. Only members with a streak.
CREATE TABLE member_absences (
  member_id {{int}} PRIMARY KEY REFERENCES members(id),
  streak {{int}} NOT NULL,    -- latest meetings missed in a row without excuse, at most 3
  missed_on TEXT NOT NULL     -- their local dates, latest first, comma-separated
) {{strict}};
CREATE INDEX member_absences_streak ON member_absences (streak);
