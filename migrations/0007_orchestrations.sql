-- Orchestrations and campaigns: what runs (a source query sent to a destination through a data template)
-- and when (a cron schedule in a time zone, or on demand). Every run is a workflow (0005).

CREATE TABLE orchestrations (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  -- A source as `--source` takes it: a file path or glob, DuckDB SQL over files, or pg:<query>.
  source_query text NOT NULL,
  destination_id text NOT NULL REFERENCES destinations (id) ON DELETE RESTRICT,
  template_id text NOT NULL REFERENCES data_templates (id) ON DELETE RESTRICT,
  -- Both null: run on demand only.
  schedule_cron text,
  schedule_timezone text,
  -- Settings of the destination plugin that override the template's (e.g. eventSetId).
  overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- How the engine reads the source (mode, default region, column mapping...); not plugin settings.
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  skip_unchanged boolean NOT NULL DEFAULT false,
  -- Fingerprint of the source read by the last successful run, for skip_unchanged.
  last_fingerprint text,
  last_fingerprint_at timestamptz,
  last_skipped_at timestamptz,
  skipped_runs integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((schedule_cron IS NULL) = (schedule_timezone IS NULL))
);
CREATE INDEX orchestrations_destination ON orchestrations (destination_id);
CREATE INDEX orchestrations_template ON orchestrations (template_id);

CREATE TABLE campaigns (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  audience_query text NOT NULL,
  template_id text NOT NULL REFERENCES data_templates (id) ON DELETE RESTRICT,
  id_types jsonb NOT NULL DEFAULT '["EMAIL","PHONE"]'::jsonb,
  -- Overrides the template's custom audience name when set (two campaigns on one template).
  audience_name text,
  -- Both null: a one-time campaign.
  schedule_cron text,
  schedule_timezone text,
  -- Share of the audience held out, in hundredths of a percent (2000 = 20 %).
  control_group_bp integer NOT NULL DEFAULT 0 CHECK (control_group_bp BETWEEN 0 AND 5000),
  control_group_seed text NOT NULL,
  -- Column whose value decides membership; null: normalised email, else phone digits.
  control_group_key text,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((schedule_cron IS NULL) = (schedule_timezone IS NULL))
);
CREATE INDEX campaigns_template ON campaigns (template_id);

-- The control group held out by each campaign run: counts here, the hashed identifiers in a Parquet file
-- under the data directory (bulk data does not belong row by row in this store). Kept when the campaign is
-- deleted: lift is measured afterwards.
CREATE TABLE campaign_holdouts (
  workflow_id text PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
  campaign_id text NOT NULL,
  control_group_bp integer NOT NULL,
  seed text NOT NULL,
  key_column text,
  audience_rows bigint NOT NULL,
  held_out_rows bigint NOT NULL,
  held_out_identifiers bigint NOT NULL,
  path text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_holdouts_campaign ON campaign_holdouts (campaign_id, created_at DESC);
