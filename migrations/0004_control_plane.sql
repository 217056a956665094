-- Control plane: credentials (TikTok OAuth), destinations and data templates.
-- Secrets (app secret, access token) are stored only encrypted (AES-256-GCM, see src/config/secrets.ts).

CREATE TABLE credentials (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  app_id text NOT NULL,
  app_secret_enc text NOT NULL,
  access_token_enc text,
  -- [{advertiserId, name, canWrite}] as authorized by the last OAuth round trip or check.
  advertisers jsonb NOT NULL DEFAULT '[]'::jsonb,
  scope jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'authorized', 'invalid')),
  status_reason text,
  authorized_at timestamptz,
  last_checked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Nonces of OAuth states already used by a callback: a state works once. Rows past their expiry are
-- purged (the state is refused by its expiry anyway).
CREATE TABLE oauth_state_nonces (
  nonce text PRIMARY KEY,
  credential_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_state_nonces_expires_at ON oauth_state_nonces (expires_at);

CREATE TABLE destinations (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  plugin text NOT NULL CHECK (plugin IN ('tiktok_custom_audiences', 'tiktok_offline_events')),
  credential_id text NOT NULL REFERENCES credentials (id) ON DELETE RESTRICT,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  business_user_access boolean NOT NULL DEFAULT false,
  available_to_campaigns boolean NOT NULL DEFAULT false,
  last_tested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX destinations_credential ON destinations (credential_id);

CREATE TABLE data_templates (
  id text PRIMARY KEY,
  destination_id text NOT NULL REFERENCES destinations (id) ON DELETE RESTRICT,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  business_user_access boolean NOT NULL DEFAULT false,
  available_to_campaigns boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (destination_id, name)
);
