-- Batches of an audience sync plan that TikTok acknowledged. A run records its plan in
-- audience_state.pending before sending; each acknowledged batch is recorded here at once, so a run that
-- dies can be resumed from exactly what TikTok acknowledged.
CREATE TABLE audience_batches (
  state_key text NOT NULL REFERENCES audience_state (key) ON DELETE CASCADE,
  plan_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('add', 'delete')),
  batch_no integer NOT NULL,
  row_count integer NOT NULL,
  acked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (state_key, plan_id, op, batch_no)
);
