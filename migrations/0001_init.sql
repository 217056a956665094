-- Control-plane tables. Bulk data (audience snapshots, event journals) lives in files, not here.
-- Migrations are never edited once landed: add a new numbered file instead.

-- One row per audience sync or events send.
CREATE TABLE runs (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('audience', 'events')),
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  report jsonb,
  error jsonb
);
CREATE INDEX runs_kind_started_at ON runs (kind, started_at DESC);
CREATE INDEX runs_status ON runs (status);

-- What we last sent for one custom audience (advertiser ids + audience name), so the next run
-- only sends the difference. `pending` holds a half-finished diff to resume after a failure.
CREATE TABLE audience_state (
  key text PRIMARY KEY,
  audience_id text,
  advertiser_ids text[] NOT NULL,
  name text NOT NULL,
  snapshot_path text,
  snapshot_version integer NOT NULL DEFAULT 0,
  pending jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Audience size and usability as TikTok reported them after a run (mapping can take 48 hours).
CREATE TABLE audience_matches (
  run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  audience_id text NOT NULL,
  cover_num bigint,
  is_valid boolean,
  checked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, audience_id)
);
CREATE INDEX audience_matches_audience ON audience_matches (audience_id, checked_at DESC);
