import { ConfigError } from '../config/index.js';

/** An orchestration, campaign or segment that does not exist (HTTP 404, code `not_found`). */
export class RunnableNotFound extends ConfigError {
  constructor(
    readonly entity: 'orchestration' | 'campaign' | 'segment',
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist`, { code: 'not_found', kind: 'not_found' });
  }
}

/** A run refused because of the state of things (e.g. a one-time campaign already sent); HTTP 409. */
export class RunRefused extends ConfigError {
  constructor(message: string) {
    super(message, { code: 'run_refused', kind: 'conflict' });
  }
}
