import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

// The few ustar fields a data directory needs: regular files and directories with short names.
const BLOCK = 512;
const NAME_MAX = 100;

function octal(buf: Buffer, offset: number, length: number): number {
  const text = buf
    .toString('ascii', offset, offset + length)
    .replace(/\0.*$/, '')
    .trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function header(name: string, size: number, mode: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, NAME_MAX, 'utf8');
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 'ascii');
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii'); // mtime: 0, so the same tree gives the same bytes
  h.write('        ', 148, 'ascii'); // checksum counted as spaces
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

async function collect(root: string, dir: string, out: Buffer[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const name = relative(root, path).split(sep).join('/');
    if (Buffer.byteLength(name) > NAME_MAX) throw new Error(`tar: name too long: ${name}`);
    const { mode } = await stat(path);
    if (entry.isDirectory()) {
      out.push(header(name, 0, mode & 0o7777, '5'));
      await collect(root, path, out);
    } else if (entry.isFile()) {
      const data = await readFile(path);
      out.push(header(name, data.length, mode & 0o7777, '0'), data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) out.push(Buffer.alloc(pad));
    } else {
      throw new Error(`tar: not a file or directory: ${name}`);
    }
  }
}

/** A gzipped tar of every file and directory under `dir` (names relative to it); nothing else is allowed. */
export async function tarGzDirectory(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  await collect(dir, dir, parts);
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/**
 * Writes the files and directories of a gzipped tar (as {@link tarGzDirectory} makes) under `into`. Any
 * other entry type, or a name that would land outside `into`, is refused. The writes are synchronous, each
 * directory made once: for a store image's ~1,100 files that takes half the CPU of a promise per file and a
 * thread-pool hop per call (~0.5 against ~1.2 s), and a new store is opened before anything else runs.
 */
export function extractTarGz(tarGz: Buffer, into: string): void {
  const tar = gunzipSync(tarGz);
  const made = new Set<string>();
  const makeDir = (dir: string, mode?: number): void => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
    made.add(dir);
  };
  makeDir(into);
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
    const base = h.toString('utf8', 0, NAME_MAX).replace(/\0.*$/s, '');
    const name = normalize((prefix ? `${prefix}/${base}` : base).replace(/^\/+/, ''));
    if (name.startsWith('..') || name === '.') throw new Error(`tar: refusing entry ${base}`);
    const size = octal(h, 124, 12);
    const mode = octal(h, 100, 8) || 0o600;
    const type = String.fromCharCode(h[156] ?? 0);
    const target = join(into, name);
    offset += BLOCK;
    if (type === '5') {
      makeDir(target, mode);
    } else if (type === '0' || type === '\0') {
      makeDir(dirname(target));
      writeFileSync(target, tar.subarray(offset, offset + size), { mode });
    } else {
      throw new Error(`tar: unsupported entry type ${JSON.stringify(type)} for ${name}`);
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
}
