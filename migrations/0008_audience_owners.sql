-- Who owns each custom audience: the orchestration or campaign that first synced it. Another runnable naming
-- the same audience (advertiser + name, as TikTok finds it) is refused, so a campaign cannot overwrite the
-- members of an audience that someone else's runs keep; an admin hands an audience over by changing its row.
-- No foreign key: the owner is one of two tables, and ownership outlives a deleted owner (the audience still
-- exists in TikTok, used by ad groups) until an admin hands it over.
CREATE TABLE audience_owners (
  advertiser_id text NOT NULL,
  audience_name text NOT NULL,
  owner_kind text NOT NULL CHECK (owner_kind IN ('orchestration', 'campaign')),
  owner_id text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (advertiser_id, audience_name)
);
CREATE INDEX audience_owners_owner ON audience_owners (owner_kind, owner_id);

-- Audiences synced before this migration belong to the runnable whose workflow synced them first.
INSERT INTO audience_owners (advertiser_id, audience_name, owner_kind, owner_id, claimed_at, updated_at)
SELECT DISTINCT ON (advertiser_id, audience_name)
  advertiser_id, audience_name, owner_kind, owner_id, started_at, started_at
FROM (
  SELECT r.params -> 'advertiserIds' ->> 0 AS advertiser_id,
         r.params ->> 'audienceName' AS audience_name,
         w.kind AS owner_kind,
         coalesce(w.subject ->> 'orchestrationId', w.subject ->> 'campaignId') AS owner_id,
         r.started_at
  FROM runs r
  JOIN workflows w ON w.id = r.params -> 'origin' ->> 'workflowId'
  WHERE r.kind = 'audience' AND w.kind IN ('orchestration', 'campaign')
) first_syncs
WHERE advertiser_id IS NOT NULL AND audience_name IS NOT NULL AND owner_id IS NOT NULL
ORDER BY advertiser_id, audience_name, started_at;
