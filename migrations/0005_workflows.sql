-- Workflows: every run of an orchestration or campaign, executed step by step by pg-boss workers.

-- One row per workflow. `claim_token` + `lease_until` are the database-level claim: a worker owns the
-- workflow while its lease lasts, and every write it makes is conditioned on its token, so a worker
-- that lost the lease (paused, partitioned) cannot overwrite the work of the one that took over.
CREATE TABLE workflows (
  id text PRIMARY KEY,
  kind text NOT NULL,
  -- Ids of what the workflow runs for, e.g. {"orchestrationId": "...", "destinationId": "..."}.
  subject jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'action_required')),
  current_step text,
  -- Settings resolved for this run (destination, template, orchestration); never secrets.
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Input of the run that is not configuration (e.g. the schedule occurrence that fired it).
  input jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The workflow action while status is action_required; the error while failed.
  action jsonb,
  error jsonb,
  claim_token text,
  claimed_by text,
  lease_until timestamptz,
  runs integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX workflows_status ON workflows (status, updated_at);
CREATE INDEX workflows_created_at ON workflows (created_at DESC);
CREATE INDEX workflows_subject ON workflows USING gin (subject jsonb_path_ops);

-- The steps of a workflow, in order. `failures` counts transient failures since the step last
-- succeeded or the workflow was resolved (the retry budget); `attempts` counts every execution.
CREATE TABLE workflow_steps (
  workflow_id text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  position integer NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  output jsonb,
  error jsonb,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (workflow_id, position),
  UNIQUE (workflow_id, name)
);

-- Every status change of a workflow, oldest first by id.
CREATE TABLE workflow_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workflow_id text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  from_status text,
  to_status text NOT NULL,
  step text,
  note text,
  detail jsonb
);
CREATE INDEX workflow_history_workflow ON workflow_history (workflow_id, id);
