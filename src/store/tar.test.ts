import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTarGz, tarGzDirectory } from './tar.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ttads-tar-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A raw ustar header naming `name`, for entries tarGzDirectory would never write. */
function rawHeader(name: string, type: string, size = 0): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(type, 156);
  return h;
}

describe('tar of a directory', () => {
  it('gives back every file and directory, byte for byte and with its mode', async () => {
    const src = join(tmp, 'src');
    await mkdir(join(src, 'base', '1'), { recursive: true });
    await mkdir(join(src, 'empty'));
    const big = Buffer.alloc(70_000, 7);
    big.write('end', 69_997);
    await writeFile(join(src, 'PG_VERSION'), '18\n', { mode: 0o600 });
    await writeFile(join(src, 'base', '1', '1259'), big);
    await writeFile(join(src, 'base', '1', 'zero'), '');

    const out = join(tmp, 'out');
    extractTarGz(await tarGzDirectory(src), out);

    expect(await readFile(join(out, 'PG_VERSION'), 'utf8')).toBe('18\n');
    expect((await stat(join(out, 'PG_VERSION'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(out, 'base', '1', '1259'))).equals(big)).toBe(true);
    expect(await readFile(join(out, 'base', '1', 'zero'), 'utf8')).toBe('');
    expect((await stat(join(out, 'empty'))).isDirectory()).toBe(true);
  });

  it('gives the same bytes for the same tree', async () => {
    const src = join(tmp, 'src');
    await mkdir(join(src, 'a'), { recursive: true });
    await writeFile(join(src, 'a', 'f'), 'x');
    expect((await tarGzDirectory(src)).equals(await tarGzDirectory(src))).toBe(true);
  });

  it('refuses to pack a symbolic link', async () => {
    const src = join(tmp, 'src');
    await mkdir(src);
    await symlink('/etc/passwd', join(src, 'link'));
    await expect(tarGzDirectory(src)).rejects.toThrow(/not a file or directory: link/);
  });

  it('refuses an entry that would land outside the target', () => {
    const tar = gzipSync(Buffer.concat([rawHeader('../escape', '0'), Buffer.alloc(1024)]));
    expect(() => extractTarGz(tar, join(tmp, 'out'))).toThrow(/refusing entry/);
  });

  it('refuses an entry type it does not know (a link)', () => {
    const tar = gzipSync(Buffer.concat([rawHeader('link', '2'), Buffer.alloc(1024)]));
    expect(() => extractTarGz(tar, join(tmp, 'out'))).toThrow(/unsupported entry type/);
  });
});
