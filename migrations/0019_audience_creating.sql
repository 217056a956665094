-- An audience being created: recorded before the create request goes out, cleared when its id is stored. A run
-- that never heard TikTok's answer (lost, or the run died) leaves it, and the next run looks for the audience
-- by name (TikTok lists a new audience only after a delay) before creating another: {advertiserId, name, at}.
ALTER TABLE audience_state ADD COLUMN creating jsonb;
