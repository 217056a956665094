-- Destinations are an extension point (src/destinations): which plugin ids exist is the registry's to say, not
-- the schema's, so the list of ids in the check gives way to a check of their shape. And the destination that
-- sends offline and web events, `tiktok_offline_events`, is now `tiktok_events` (the old id stays accepted on
-- input): stored destinations and the settings snapshots of workflows (and their resolve_settings outputs),
-- which Resolve and the web app read, are renamed.
ALTER TABLE destinations DROP CONSTRAINT IF EXISTS destinations_plugin_check;
ALTER TABLE destinations ADD CONSTRAINT destinations_plugin_check CHECK (plugin ~ '^[a-z][a-z0-9_]{0,62}$');

UPDATE destinations SET plugin = 'tiktok_events' WHERE plugin = 'tiktok_offline_events';

UPDATE workflows
SET settings = jsonb_set(settings, '{plugin}', '"tiktok_events"')
WHERE settings ->> 'plugin' = 'tiktok_offline_events';

UPDATE workflow_steps
SET output = jsonb_set(output, '{plugin}', '"tiktok_events"')
WHERE jsonb_typeof(output) = 'object' AND output ->> 'plugin' = 'tiktok_offline_events';
