import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RejectsFile } from './rejects-file.js';
import { tempDir } from './events.test-support.js';

describe('rejects file', () => {
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

  it('neutralises cells starting like a formula, in the rows and in the header', async () => {
    const dir = await tempDir();
    try {
      const path = join(dir.path, 'rejects.csv');
      const file = await RejectsFile.open(path, ['=cmd()', 'phone']);
      file.writeLine(2, { reason: 'email_invalid', field: 'email', message: 'm' }, [
        '=HYPERLINK("http://x","y")',
        '+15551234567',
      ]);
      file.writeLine(3, { reason: 'phone_invalid', field: 'phone', message: 'm' }, ['@SUM(A1)', '-2+3']);
      await file.close();
      expect(await readFile(path, 'utf8')).toBe(
        "row,reason,field,message,'=cmd(),phone\n" +
          `2,email_invalid,email,m,"'=HYPERLINK(""http://x"",""y"")",'+15551234567\n` +
          "3,phone_invalid,phone,m,'@SUM(A1),'-2+3\n",
      );
    } finally {
      await dir.remove();
    }
  });
});
