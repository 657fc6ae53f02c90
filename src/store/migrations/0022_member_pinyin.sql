-- Issue #14: members are found by the full pinyin of their name as well as by its
-- initials ("dong" and "dongxiaoming" find 董小明, as "dxm" does). The spelling is the
-- name's most common reading with the surname's reading for the first character (单 shan,
-- 曾 zeng), ü written v; written by the repository, backfilled here for stored members.
ALTER TABLE members ADD COLUMN name_pinyin TEXT;
CREATE INDEX members_pinyin ON members (name_pinyin);
