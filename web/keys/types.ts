// API keys as GET /api/api-keys and POST /api/api-keys answer them (never the key, except once on creation).

import type { Role } from '../api';
import type { Schema } from '../api/types';

/** An API key as listed: who uses it and its state, never the key itself. */
export type ApiKey = Schema<'ApiKey'>;

/** The answer to creating a key: the only time the key itself is ever sent. */
export type CreatedApiKey = Schema<'CreatedApiKey'>;

/** A role in words, as the pages show it. */
export const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', business_user: 'Business user' };
