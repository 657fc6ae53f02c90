-- Two organization kinds (docs/ARCHITECTURE.md, "Shenzhen's divisions"): a functional
-- area's working committee (functional_area: 大鹏新区, 深汕特别合作区) keeps the meeting
-- rhythm the city has set for district committees, a village's organization (village)
-- the one it has set for community committees. A store created at this version has them
-- already (migration 5 seeds domain::DefaultMeetingRules, which names both kinds); the
-- NOT EXISTS keeps that, and any rule a city has set for them since, as it is.
INSERT INTO meeting_rules (org_kind, type, frequency, min_full_members)
SELECT 'functional_area', r.type, r.frequency, r.min_full_members FROM meeting_rules r
WHERE r.org_kind = 'district' AND NOT EXISTS (
  SELECT 1 FROM meeting_rules x WHERE x.org_kind = 'functional_area' AND x.type = r.type);
INSERT INTO meeting_rules (org_kind, type, frequency, min_full_members)
SELECT 'village', r.type, r.frequency, r.min_full_members FROM meeting_rules r
WHERE r.org_kind = 'community' AND NOT EXISTS (
  SELECT 1 FROM meeting_rules x WHERE x.org_kind = 'village' AND x.type = r.type);
