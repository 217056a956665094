import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';
import { runDemo } from './demo-command.js';

describe('demo', () => {
  it("runs end to end: OAuth, a business user's campaign from a segment, an orchestration, and a failed workflow resolved", async () => {
    const lines: string[] = [];
    const logs = new PassThrough();
    let logText = '';
    logs.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    let issuedTokens: string[] = [];
    let dataDir = '';
    await runDemo((line) => lines.push(line), {
      keep: true,
      log: { destination: logs, level: 'trace' },
      beforeStop: async (url, dir) => {
        dataDir = dir;
        const credentials = (await (await fetch(`${url}/_emulator/credentials`)).json()) as {
          tokens: { access_token: string }[];
        };
        issuedTokens = credentials.tokens.map((t) => t.access_token);
      },
    });
    // Secrets: neither the app secret nor any token TikTok issued is in the logs or any table of the store.
    const secrets = [
      EMULATOR_DEFAULTS.app.secret,
      ...issuedTokens.filter((t) => !Object.values(EMULATOR_DEFAULTS.tokens).includes(t as never)),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(3); // the secret, the first token and the reauthorized one
    expect(logText.length).toBeGreaterThan(1000);
    const store = await openStore({ dataDir: join(dataDir, 'db') });
    let dump = '';
    try {
      const tables = await store.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(tables.length).toBeGreaterThan(10);
      for (const { s: schema, t: table } of tables) {
        dump += JSON.stringify(await store.query(`SELECT * FROM "${schema}"."${table}"`));
      }
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(dump).toContain('Demo TikTok app');
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
    const text = lines.join('\n');
    expect(text).toMatch(
      /2\. Credential cred_\w+ authorized through OAuth .*7200000000000000001 \(Demo Brand US\)/,
    );
    expect(text).toMatch(
      /4\. .*segment seg_\w+ "All customers" \(defined by an admin, opened to business users\)/,
    );
    expect(text).toMatch(
      /5\. A business user .* sees the segments "All customers" by name, creates campaign cmp_\w+ from one/,
    );
    expect(text).toMatch(
      /5\. A business user[\s\S]*: succeeded\n[\s\S]*hold_out_control_group\s+succeeded\s+percent 10/,
    );
    expect(text).toMatch(/6\. Orchestration run[\s\S]*send_events\s+succeeded\s+sent 288/);
    expect(text).toMatch(
      /7\.[\s\S]*: action_required\n[\s\S]*Action required: Invalid credentials \(step send_events\)/,
    );
    expect(text).toMatch(/Steps to fix:\n\s+1\. Open the Credentials page and reauthorize/);
    expect(text).toMatch(/8\. Reauthorized credential .*resolved from step send_events: succeeded/);
    // Resolve sends only the 48 new orders with an identifier; the 288 of the first run are in the journal.
    expect(text).toMatch(/send_events\s+succeeded\s+sent 48, .*alreadySent 288/);
    expect(text).toMatch(/offline events stored: 336 in event set 7300000000000000001/);
    expect(text).toMatch(/audience "Spring sale audience": EMAIL_SHA256 \d+, PHONE_SHA256 \d+/);
    expect(text).toContain('10. The web app and the HTTP API: run `ttads demo` without --no-web');
    // Nothing secret is printed.
    expect(text).not.toContain(EMULATOR_DEFAULTS.app.secret);
  }, 120_000);
});
