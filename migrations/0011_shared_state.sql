-- State that must outlive one machine (issue 14). With PostgreSQL, audience snapshots, pending plans and
-- rejects files are blobs here instead of files under a worker's data directory; the embedded store keeps
-- them as files and leaves these tables empty.

-- A blob exists once its row is here; its chunks are written in the same transaction, so a half-written
-- blob (a worker killed while uploading) leaves nothing behind.
CREATE TABLE blobs (
  name text PRIMARY KEY,
  size bigint NOT NULL,
  chunks integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE blob_chunks (
  name text NOT NULL REFERENCES blobs (name) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (name, seq)
);

-- Who holds the run lock of an audience or an event set (the lock itself is a PostgreSQL advisory lock
-- held by the connection `backend_pid`): what a waiting run names, and what a commit checks.
CREATE TABLE run_locks (
  scope text PRIMARY KEY,
  run_id text NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  backend_pid integer NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);

-- Keys of the events TikTok acknowledged (PostgreSQL only; the embedded store keeps its DuckDB journal
-- under <dataDir>/events/). fingerprint = MD5 of event source id, event id and event name.
CREATE TABLE event_journal (
  fingerprint bytea PRIMARY KEY,
  event_source_id text NOT NULL,
  event_id text NOT NULL,
  event text NOT NULL,
  event_time bigint NOT NULL,
  run_id text NOT NULL,
  acknowledged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_journal_time ON event_journal (event_time);
