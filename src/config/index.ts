/**
 * The control plane: credentials (TikTok OAuth, secrets encrypted at rest), destinations, data templates
 * and settings resolution. Process settings (flags, env, config file) stay in `./settings.js`, whose own
 * `resolveSettings` is not re-exported here to avoid a clash with the destination settings resolver.
 */
export * from './errors.js';
export * from './secrets.js';
export type { ControlPlaneDeps } from './deps.js';
export * from './credentials.js';
export {
  createAuthorizationLink,
  completeAuthorization,
  DEFAULT_LINK_TTL_MS,
  MAX_LINK_TTL_MS,
  MAX_ROLE_PROBES,
} from './oauth.js';
export type { AuthorizationLink, AuthorizationResult } from './oauth.js';
export { verifyState, signState, type OAuthStatePayload } from './oauth-state.js';
export { listOutstandingLinks, revokeLinks, type OutstandingLink } from './oauth-links.js';
export {
  probeWriteAccess,
  probeEventSource,
  PROBE_TEST_EVENT_CODE,
  type EventSourceProbe,
} from './role-probe.js';
export * from './connection.js';
export { toFieldIssues } from './validate.js';
export * from './plugins.js';
export {
  MAX_AUDIENCE_NAME_LENGTH,
  USER_ID_TYPES,
  DEFAULT_USER_ID_TYPES,
  EVENT_SOURCES,
  visibleLength,
  type UserIdType,
} from './plugin-fields.js';
export * from './destinations.js';
export * from './templates.js';
