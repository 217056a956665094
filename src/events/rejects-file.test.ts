import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, RejectsFile } from './rejects-file.js';
import { tempDir } from './test-support.js';

describe('rejects file', () => {
  it('quotes only the fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('writes a header with the source columns, then one line per broken rule', async () => {
    const dir = await tempDir();
    try {
      const path = join(dir.path, 'sub', 'rejects.csv');
      const file = await RejectsFile.open(path, ['Email', 'Event ID']);
      file.writeLine(7, { reason: 'email_invalid', field: 'email', message: 'Bad, really.' }, ['x@', null]);
      await file.drained();
      await file.close();
      expect(await readFile(path, 'utf8')).toBe(
        'row,reason,field,message,Email,Event ID\n7,email_invalid,email,"Bad, really.",x@,\n',
      );
      expect(file.count).toBe(1);
    } finally {
      await dir.remove();
    }
  });
});
