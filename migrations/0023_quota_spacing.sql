-- TikTok may count its QPS over any rolling second, not calendar seconds: ten grants at the end of one second and
-- ten at the start of the next were answered 40100 by a rolling counter. Grants of an app are now spaced at least
-- 1000/QPS ms apart; this column holds the earliest time (ms since the epoch) of the app's next grant. The
-- second_start/second_used columns of 0014 are no longer read or written.
ALTER TABLE tiktok_quota ADD COLUMN next_grant_at double precision NOT NULL DEFAULT 0;
