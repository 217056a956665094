import { pino, type Logger as PinoLogger } from 'pino';

/** Structured logger used everywhere; I/O code receives it, never creates its own. */
export type Logger = PinoLogger;

/**
 * Paths pino blanks out wherever they appear, so that a token, secret or raw identifier
 * passed by mistake in a log object never reaches the output.
 */
export const REDACT_PATHS = [
  'accessToken',
  'access_token',
  'token',
  'secret',
  'appSecret',
  'app_secret',
  'auth_code',
  'authCode',
  'headers["access-token"]',
  'headers["Access-Token"]',
  'email',
  'phone',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.secret',
  '*.email',
  '*.phone',
];

/**
 * Builds the process logger. Logs go to stderr so that `--json` output on stdout stays clean.
 */
export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = opts.level ?? process.env.TTADS_LOG_LEVEL ?? 'info';
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'ttads' } },
    opts.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
