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

/**
 * Sample store orders as offline events: one line per order, placed over the last days (TikTok takes offline
 * events of the last 7 days), numbered from `offset` so that a later file only adds new orders. A few rows
 * are unusable on purpose (no identifier) to show rejects.
 */
export async function writeDemoOrders(
  path: string,
  opts: { count: number; offset?: number; now?: number },
): Promise<void> {
  const now = opts.now ?? Date.now();
  const lines = ['event_id,order_id,email,phone,event,timestamp,value,currency'];
  const offset = opts.offset ?? 0;
  for (let i = offset; i < offset + opts.count; i++) {
    // Spread over the last five days, never in the future, whatever the offset.
    const at = new Date(now - (1 + (i % 5)) * 86_400_000 + (i % 1440) * 60_000 - 86_400_000 / 2);
    const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const email = i % 25 === 3 ? '' : `customer${i}@example.com`;
    const phone =
      i % 25 === 3 ? '' : i % 2 === 0 ? `+1 206 ${200 + (i % 700)} ${String(1000 + i).slice(-4)}` : '';
    const value = (10 + (i % 90) + 0.99).toFixed(2);
    lines.push(`order-${i},${1000 + i},${email},${phone},Purchase,${timestamp},${value},USD`);
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}
