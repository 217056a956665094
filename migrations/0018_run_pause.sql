-- A run that TikTok paused (the app's per-minute quota spent, an outage's backoff) says so while it waits:
-- {"until": ISO time, "reason": "throttled" | "outage", "message": "paused by TikTok until HH:MM UTC"}.
-- Written by the process running it, read by every other (the server, `ttads workflows show`); cleared when
-- sending resumes and when the run ends.
ALTER TABLE runs ADD COLUMN pause jsonb;
