-- Party committees (every kind above the general branch: city, district, street, community,
-- park, …) hold the leadership's democratic life meeting (民主生活会) yearly, not the
-- organizational-life meeting (组织生活会) of branches: 《县以上党和国家机关党员领导干部民主
-- 生活会若干规定》 "民主生活会一般每年召开1次". The rules seeded from the old defaults (or kept
-- so since) move to the new type; branches, joint branches, general branches and groups keep
-- theirs. Meetings already recorded keep their type.
UPDATE meeting_rules SET type = 'democratic_life'
WHERE type = 'life_meeting'
  AND org_kind NOT IN ('branch', 'joint_branch', 'general_branch', 'group')
  AND NOT EXISTS (SELECT 1 FROM meeting_rules r WHERE r.org_kind = meeting_rules.org_kind
                  AND r.type = 'democratic_life');
