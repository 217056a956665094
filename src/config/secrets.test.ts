import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger } from './control-plane.test-support.js';
import {
  createSecretBox,
  generateSecretKey,
  loadSecretKey,
  openSecretBox,
  parseSecretKey,
  SecretDecryptError,
  SecretKeyError,
} from './secrets.js';

const keyA = parseSecretKey(generateSecretKey(), 'a');
const keyB = parseSecretKey(generateSecretKey(), 'b');

describe('SecretBox', () => {
  const box = createSecretBox(keyA);

  it('round-trips a value and never shows it in the sealed text', () => {
    const sealed = box.encrypt('act.super-secret-token', 'credential:c1:access_token');
    expect(sealed).not.toContain('super-secret');
    expect(box.decrypt(sealed, 'credential:c1:access_token')).toBe('act.super-secret-token');
  });

  it('uses a fresh IV for each value, so equal secrets do not look equal', () => {
    const one = box.encrypt('same', 'ctx');
    const two = box.encrypt('same', 'ctx');
    expect(one).not.toBe(two);
    expect(one.split('.')[2]).not.toBe(two.split('.')[2]);
    expect(Buffer.from(one.split('.')[2]!, 'base64url')).toHaveLength(12);
  });

  it('refuses a value moved to another context (row or column)', () => {
    const sealed = box.encrypt('secret', 'credential:c1:app_secret');
    expect(() => box.decrypt(sealed, 'credential:c2:app_secret')).toThrow(SecretDecryptError);
  });

  it('names both key fingerprints when the key changed', () => {
    const sealed = box.encrypt('secret', 'ctx');
    const other = createSecretBox(keyB);
    const err = (() => {
      try {
        other.decrypt(sealed, 'ctx');
      } catch (e) {
        return e as SecretDecryptError;
      }
      throw new Error('expected a failure');
    })();
    expect(err).toBeInstanceOf(SecretDecryptError);
    expect(err.storedKeyId).toBe(box.keyId);
    expect(err.currentKeyId).toBe(other.keyId);
    expect(err.message).toContain(box.keyId);
    expect(err.message).toContain('TTADS_SECRET_KEY');
    expect(err.message).not.toContain('secret"');
  });

  it('says the value was damaged when the key is right but the ciphertext was altered', () => {
    const parts = box.encrypt('secret value', 'ctx').split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 0xff;
    parts[3] = body.toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'ctx')).toThrow(/altered or damaged/);
    expect(() => box.decrypt('plain text', 'ctx')).toThrow(/not in a format/);
  });

  it('derives stable, purpose-specific sub-keys', () => {
    expect(box.deriveKey('oauth')).toEqual(createSecretBox(keyA).deriveKey('oauth'));
    expect(box.deriveKey('oauth')).not.toEqual(box.deriveKey('other'));
    expect(box.deriveKey('oauth')).not.toEqual(createSecretBox(keyB).deriveKey('oauth'));
  });
});

describe('parseSecretKey', () => {
  it('refuses keys of the wrong length or encoding', () => {
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'), 'X')).toThrow(SecretKeyError);
    expect(() => parseSecretKey('not base64 at all!!', 'X')).toThrow(/X must be 32 random bytes/);
    expect(parseSecretKey(` ${keyA.toString('base64')}\n`, 'X')).toEqual(keyA);
  });
});

describe('loadSecretKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers TTADS_SECRET_KEY and writes no file', async () => {
    const loaded = await loadSecretKey({ dataDir: dir, secretKey: keyA.toString('base64') });
    expect(loaded).toMatchObject({ source: 'env' });
    expect(loaded.key).toEqual(keyA);
    await expect(stat(join(dir, 'secret.key'))).rejects.toThrow();
  });

  it('refuses an invalid TTADS_SECRET_KEY naming the variable', async () => {
    await expect(loadSecretKey({ dataDir: dir, secretKey: 'short' })).rejects.toThrow(
      /TTADS_SECRET_KEY must be 32 random bytes/,
    );
  });

  it('creates the key file once, with 0600 permissions, and reads it back afterwards', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const { logger, lines } = capturingLogger();
    const first = await loadSecretKey({ dataDir, logger });
    expect(first.source).toBe('created');
    const file = join(dataDir, 'secret.key');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadSecretKey({ dataDir });
    expect(second).toMatchObject({ source: 'file' });
    expect(second.key).toEqual(first.key);
    expect(lines.join('')).not.toContain(first.key.toString('base64'));
  });

  it('gives every process starting at once the same key', async () => {
    const loads = await Promise.all([1, 2, 3, 4].map(() => loadSecretKey({ dataDir: dir })));
    const keys = new Set(loads.map((l) => l.key.toString('base64')));
    expect(keys.size).toBe(1);
    expect(loads.filter((l) => l.source === 'created')).toHaveLength(1);
    expect((await readFile(join(dir, 'secret.key'), 'utf8')).trim()).toBe([...keys][0]);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(join(dir, 'secret.key'), 'garbage\n', { mode: 0o600 });
    await expect(openSecretBox({ dataDir: dir })).rejects.toThrow(/key file .* must be 32 random bytes/);
    expect(await readFile(join(dir, 'secret.key'), 'utf8')).toBe('garbage\n');
  });

  it('warns when the key file is readable by others', async () => {
    if (process.platform === 'win32') return;
    await writeFile(join(dir, 'secret.key'), `${keyA.toString('base64')}\n`, { mode: 0o644 });
    const { logger, lines } = capturingLogger();
    const box = await openSecretBox({ dataDir: dir, logger });
    expect(box.keyId).toBe(createSecretBox(keyA).keyId);
    expect(lines.join('')).toMatch(/readable by others/);
  });
});
