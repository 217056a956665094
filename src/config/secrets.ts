import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { ConfigError } from './errors.js';

/** AES-256 key length in bytes. */
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** The key is unusable: wrong length, not base64, or the key file cannot be read or created. */
export class SecretKeyError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: 'secret_key_invalid', kind: 'fix_setup', cause: options?.cause });
  }
}

/**
 * A stored secret cannot be decrypted with the current key. `storedKeyId` and `currentKeyId` are
 * fingerprints (not the key) that tell an operator whether the key changed or the value was damaged.
 */
export class SecretDecryptError extends ConfigError {
  constructor(
    readonly context: string,
    readonly storedKeyId: string | undefined,
    readonly currentKeyId: string,
  ) {
    const why =
      storedKeyId === undefined
        ? 'the stored value is not in a format ttads wrote'
        : storedKeyId !== currentKeyId
          ? `it was encrypted with key ${storedKeyId} but the current key is ${currentKeyId}; set ` +
            'TTADS_SECRET_KEY (or restore <dataDir>/secret.key) to the key in use when it was saved, ' +
            'or enter the secret again (reauthorize the credential)'
          : 'the stored value was altered or damaged; enter the secret again (reauthorize the credential)';
    super(`Cannot decrypt the stored ${context}: ${why}.`, {
      code: 'secret_undecryptable',
      kind: 'fix_setup',
    });
  }
}

/** Encrypts and decrypts secrets at rest with one AES-256-GCM key. */
export interface SecretBox {
  /** Public fingerprint of the key (safe to log and store); tells keys apart without revealing them. */
  readonly keyId: string;
  /**
   * Encrypts `plaintext` with a fresh random IV. `context` (e.g. `credential:<id>:access_token`) is bound
   * as additional data, so a value copied into another row or column no longer decrypts.
   */
  encrypt(plaintext: string, context: string): string;
  /** Decrypts a value made by {@link SecretBox.encrypt} with the same context. @throws SecretDecryptError */
  decrypt(sealed: string, context: string): string;
  /** A 32-byte sub-key for another purpose (e.g. signing OAuth states), derived with HKDF-SHA256. */
  deriveKey(purpose: string): Buffer;
}

/** Reads a base64 key of 32 bytes; `origin` names where it came from in the error. */
export function parseSecretKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  // Buffer.from ignores bad characters, so compare the round trip to catch a mangled value.
  const canonical = key.toString('base64');
  if (key.length !== SECRET_KEY_BYTES || canonical.replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    throw new SecretKeyError(
      `${origin} must be ${SECRET_KEY_BYTES} random bytes in base64 (e.g. the output of ` +
        '`openssl rand -base64 32`)',
    );
  }
  return key;
}

/** A new random key, base64-encoded, for `TTADS_SECRET_KEY` or the key file. */
export function generateSecretKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('ttads secret key id').digest('hex').slice(0, 12);
}

const b64 = (buf: Buffer): string => buf.toString('base64url');

/** Builds a {@link SecretBox} over a 32-byte key. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== SECRET_KEY_BYTES)
    throw new SecretKeyError(`the secret key must be ${SECRET_KEY_BYTES} bytes`);
  const secretKey = Buffer.from(key);
  const keyId = keyFingerprint(secretKey);
  return {
    keyId,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [FORMAT, keyId, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.');
    },
    decrypt(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== FORMAT) throw new SecretDecryptError(context, undefined, keyId);
      const [, storedKeyId, iv, body, tag] = parts as [string, string, string, string, string];
      if (storedKeyId !== keyId) throw new SecretDecryptError(context, storedKeyId, keyId);
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretDecryptError(context, storedKeyId, keyId);
      }
    },
    deriveKey(purpose) {
      return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `ttads/${purpose}`, 32));
    },
  };
}

/** Environment variable holding the base64 key; wins over the key file. */
export const SECRET_KEY_ENV = 'TTADS_SECRET_KEY';
/** Name of the key file inside the data directory. */
export const SECRET_KEY_FILE = 'secret.key';

/** Where the key in use came from. */
export type SecretKeySource = 'env' | 'file' | 'created';

/** Options of {@link loadSecretKey}. */
export interface LoadSecretKeyOptions {
  /** Data directory holding `secret.key` (created if missing). */
  dataDir: string;
  /** The value of {@link SECRET_KEY_ENV}, which the faces read from the environment. */
  secretKey?: string | undefined;
  logger?: Logger;
}

async function readKeyFile(path: string, logger: Logger | undefined): Promise<Buffer> {
  const info = await stat(path);
  // A key file readable by others defeats the encryption; say so without refusing to start.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    logger?.warn(
      { path, mode: (info.mode & 0o777).toString(8) },
      'secret key file is readable by others; chmod 600 it',
    );
  }
  return parseSecretKey(await readFile(path, 'utf8'), `key file ${path}`);
}

/**
 * The key for secrets at rest: `opts.secretKey` (the faces pass `TTADS_SECRET_KEY`) when set, else
 * `<dataDir>/secret.key`, created on first
 * use with 0600 permissions. Several processes sharing one PostgreSQL must share the key: set the variable.
 * @throws SecretKeyError when the variable or file holds no valid key, or the file cannot be created.
 */
export async function loadSecretKey(
  opts: LoadSecretKeyOptions,
): Promise<{ key: Buffer; source: SecretKeySource; path?: string }> {
  const fromEnv = opts.secretKey;
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: parseSecretKey(fromEnv, SECRET_KEY_ENV), source: 'env' };
  const path = join(opts.dataDir, SECRET_KEY_FILE);
  try {
    return { key: await readKeyFile(path, opts.logger), source: 'file', path };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw asKeyError(err, path);
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    await mkdir(opts.dataDir, { recursive: true });
    // `wx` fails if another process created the file meanwhile: then its key is the one to use.
    await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return { key: await readKeyFile(path, opts.logger), source: 'file', path };
    }
    throw asKeyError(err, path);
  }
  opts.logger?.info(
    { path },
    'created secret key file; back it up: stored secrets cannot be read without it',
  );
  return { key, source: 'created', path };
}

function asKeyError(err: unknown, path: string): SecretKeyError {
  if (err instanceof SecretKeyError) return err;
  return new SecretKeyError(`cannot read or create the secret key file ${path}: ${(err as Error).message}`, {
    cause: err,
  });
}

/** Loads the key ({@link loadSecretKey}) and returns a {@link SecretBox} over it. */
export async function openSecretBox(opts: LoadSecretKeyOptions): Promise<SecretBox> {
  return createSecretBox((await loadSecretKey(opts)).key);
}
