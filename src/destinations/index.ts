/**
 * Destinations: what ttads sends to, one folder each (`src/destinations/<id>/`), each declaring its settings,
 * run options, connection check, steps, preview, report and failure actions. The faces build one
 * {@link DestinationRegistry} at start-up (`builtInDestinations`, or more) and pass it down.
 */
import { tiktokCustomAudiences } from './tiktok-custom-audiences/index.js';
import { tiktokEvents } from './tiktok-events/index.js';
import type { DestinationSpec } from './types.js';

export * from './types.js';
export { DestinationRegistry } from './registry.js';
export { DestinationFailure } from './errors.js';
export { tiktokCustomAudiences, tiktokEvents };

/** The destinations ttads ships with. */
export const builtInDestinations: readonly DestinationSpec[] = [tiktokCustomAudiences, tiktokEvents];
