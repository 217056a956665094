import { pino, type Logger as PinoLogger } from 'pino';

/** Structured logger used everywhere; I/O code receives it, never creates its own. */
export type Logger = PinoLogger;

/** The one default log level (the `logLevel` setting's default too): warnings and errors only. */
export const DEFAULT_LOG_LEVEL = 'warn';

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
 * Builds the process logger. Logs go to stderr so that `--json` output on stdout stays clean. The level comes
 * from the caller (the faces read `TTADS_LOG_LEVEL` through the settings), else {@link DEFAULT_LOG_LEVEL}.
 */
export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = opts.level ?? DEFAULT_LOG_LEVEL;
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'ttads' } },
    opts.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
