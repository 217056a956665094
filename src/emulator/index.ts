/**
 * A local stand-in for TikTok's Business API v1.3 (OAuth, Segment API audiences, DMP audience reads,
 * Events API 2.0) that judges requests by TikTok's rules on its own. It imports nothing from the
 * client code it checks.
 */
export { createEmulator, type Emulator } from './app.js';
export { startEmulator, type RunningEmulator } from './server.js';
export { parseSeed, parseSeedFile, defaultSeed } from './seed.js';
export { describeCredentials } from './credentials.js';
export { EMULATOR_DEFAULTS } from './defaults.js';
export { EmulatorState } from './state.js';
export { TIERS, TIER_NAMES, type Tier } from './quota.js';
export { SCOPES } from './permissions.js';
export type { StoredEvent } from './event-store.js';
export {
  ID_TYPES,
  type EmulatorOptions,
  type EmulatorSeed,
  type FaultOptions,
  type ForcedAnswer,
  type IdType,
  type PopulationOptions,
  type Role,
} from './types.js';
