-- One TikTok app's request quota, shared by every process that uses the app (serve, workers, CLI): TikTok
-- counts per app, per second, per minute and per UTC day. Each grant is one UPDATE ... RETURNING on the
-- app's row, so processes on several machines never grant more than the tier between them.
CREATE TABLE tiktok_quota (
  -- The app id, or a key naming the API base URL when the app id is not known (a token set by hand).
  app_key text PRIMARY KEY,
  -- Starts of the current windows, in ms since the epoch, and the requests granted in each.
  second_start bigint NOT NULL DEFAULT 0,
  second_used integer NOT NULL DEFAULT 0,
  minute_start bigint NOT NULL DEFAULT 0,
  minute_used integer NOT NULL DEFAULT 0,
  day_start bigint NOT NULL DEFAULT 0,
  day_used integer NOT NULL DEFAULT 0
);
