// API keys as GET /api/api-keys and POST /api/api-keys answer them (never the key, except once on creation).

import type { Role } from '../api';

/** An API key as listed: who uses it and its state, never the key itself. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a key: the only time the key itself is ever sent. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

/** A role in words, as the pages show it. */
export const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', business_user: 'Business user' };
