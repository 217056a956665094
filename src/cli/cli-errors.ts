import { TtadsError, type ErrorKind } from '../errors.js';

/** An error of the CLI itself: a flag to fix, something not found, a server that cannot be reached. */
export class CliError extends TtadsError {
  constructor(message: string, spec: { code: string; kind: ErrorKind; hint?: string | undefined }) {
    super(message, spec);
  }
}

/** A flag or argument to fix (exit code 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, { code: 'usage', kind: 'fix_input', hint });
}

/** The thing named does not exist (exit code 2). */
export function notFoundError(message: string): CliError {
  return new CliError(message, { code: 'not_found', kind: 'not_found' });
}
