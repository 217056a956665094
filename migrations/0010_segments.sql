-- Segments: the audiences campaigns send, defined by admins (a source as `--source` takes it, an optional
-- column mapping and default user ID types). Campaigns pick a segment instead of carrying a query, so that
-- business users never write SQL or file paths.

CREATE TABLE segments (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  -- A source as `--source` takes it: a file path or glob, DuckDB SQL over files, or pg:<query>. Admins only.
  source_query text NOT NULL,
  -- Identifier field -> source column, when a column's name is not a usual one ({"email": "Email Address"}).
  columns jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- User ID types the segment sends by default; null: the campaign default (EMAIL and PHONE).
  id_types jsonb,
  -- Business users see it (name and description only), preview it (hashes and reasons) and pick it.
  open_to_business_users boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE campaigns ADD COLUMN segment_id text REFERENCES segments (id) ON DELETE RESTRICT;

-- Each campaign's query becomes a segment named after the campaign. It is not opened to business users: the
-- query may have been written by anyone who could create campaigns, so an admin reviews it before opening
-- it. The campaign itself stays as visible and runnable as before (that follows its data template).
-- Campaign names are unique and the table is new, so the segment names are unique too.
INSERT INTO segments (id, name, description, source_query, created_at, updated_at)
SELECT 'seg_' || substr(md5('migrated:' || id), 1, 24),
       name || ' (migrated)',
       'The audience query of campaign "' || name || '", moved here when campaigns began to take segments.',
       audience_query,
       created_at,
       now()
FROM campaigns;

UPDATE campaigns SET segment_id = 'seg_' || substr(md5('migrated:' || id), 1, 24);

ALTER TABLE campaigns ALTER COLUMN segment_id SET NOT NULL;
ALTER TABLE campaigns DROP COLUMN audience_query;
-- Null from now on: the segment's default user ID types. Migrated campaigns keep the types they had.
ALTER TABLE campaigns ALTER COLUMN id_types DROP NOT NULL;
ALTER TABLE campaigns ALTER COLUMN id_types DROP DEFAULT;
CREATE INDEX campaigns_segment ON campaigns (segment_id);
