import { writeFile } from 'node:fs/promises';

/** Sample customers as a marketing export would have them: mixed case, spaces, national phones, gaps. */
export async function writeDemoCustomers(
  path: string,
  opts: { count: number; offset?: number },
): Promise<void> {
  const lines = ['Email,Phone Number,First Name'];
  const offset = opts.offset ?? 0;
  for (let i = offset; i < offset + opts.count; i++) {
    const email =
      i % 50 === 7 ? 'not-an-email' : i % 9 === 0 ? ` Customer${i}@Example.COM ` : `customer${i}@example.com`;
    const local = String(1000 + (i % 9000)).padStart(4, '0');
    const exchange = 200 + (i % 700);
    const phone =
      i % 4 === 0 ? '' : i % 3 === 0 ? `+1 415 ${exchange} ${local}` : `(206) ${exchange}-${local}`;
    lines.push(`${email},${phone},Name${i}`);
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}
