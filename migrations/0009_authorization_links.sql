-- Authorization links as issued, so that an admin can revoke one that has not been used yet. A link's
-- state is signed (oauth-state.ts); its nonce is the link's id here and, once TikTok accepted its code, a
-- row of oauth_state_nonces.
CREATE TABLE authorization_links (
  nonce text PRIMARY KEY,
  credential_id text NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX authorization_links_credential ON authorization_links (credential_id, expires_at);
