import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { buildAction } from './actions.js';
import { createWebhookNotifier, verifyWebhookSignature, webhookTarget } from './notify.js';
import type { WorkflowRecord } from './types.js';

const SECRET = 'whsec-0123456789abcdef';

const workflow: WorkflowRecord = {
  id: 'wf-1',
  kind: 'campaign',
  subject: { campaignId: 'c1', destinationId: 'd1', note: 'SELECT * FROM read_text(/etc/passwd)' },
  status: 'action_required',
  currentStep: 'send',
  settings: { source: '/data/customers.csv', accessToken: 'tok-secret' },
  input: {},
  action: {
    ...buildAction('missing_advertiser_permissions', { step: 'send' }),
    error: { code: 40001, message: 'no permission for ann@example.com', requestId: 'r1' },
  },
  error: { message: 'Binder Error: column "ann@example.com" not found', code: 'source_unreadable' },
  claimedBy: null,
  leaseUntil: null,
  runs: 1,
  createdAt: new Date('2025-01-02T03:04:05Z'),
  updatedAt: new Date('2025-01-02T03:04:06Z'),
  finishedAt: new Date('2025-01-02T03:04:06Z'),
};

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

interface Received {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body });
      res.writeHead(statuses[Math.min(received.length, statuses.length) - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cr3t-path`;
  return { server, url, received };
}

const noWait = () => Promise.resolve();

describe('webhook notifications', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('POSTs ids, statuses and codes only, signed so that a receiver with the secret can verify it', async () => {
    const hook = await receiver([200]);
    server = hook.server;
    const { logger, lines } = capture();
    const notify = createWebhookNotifier({
      url: hook.url,
      secret: SECRET,
      logger,
      now: () => new Date('2025-01-02T03:05:00Z'),
    });
    await notify(workflow);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got?.method).toBe('POST');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got!.body)).toEqual({
      event: 'workflow.action_required',
      at: '2025-01-02T03:05:00.000Z',
      workflow: {
        id: 'wf-1',
        kind: 'campaign',
        subject: { campaignId: 'c1', destinationId: 'd1' },
        status: 'action_required',
        currentStep: 'send',
        createdAt: '2025-01-02T03:04:05.000Z',
      },
      action: { type: 'missing_advertiser_permissions', step: 'send', code: 40001 },
      error: { code: 'source_unreadable' },
    });
    for (const value of ['example.com', 'passwd', 'customers.csv', 'tok-secret', 'Binder', 'no permission'])
      expect(got!.body).not.toContain(value);

    const signature = got!.headers['x-ttads-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(SECRET, got!.body, signature, now)).toBe(true);
    expect(verifyWebhookSignature('another-secret-of-16', got!.body, signature, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${got!.body} `, signature, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, got!.body, signature, now + 3600)).toBe(false);
    expect(lines).toEqual([]);
  });

  it('retries a 500 with backoff until the receiver takes it', async () => {
    const hook = await receiver([500, 503, 204]);
    server = hook.server;
    const waits: number[] = [];
    const { logger } = capture();
    await createWebhookNotifier({
      url: hook.url,
      secret: SECRET,
      logger,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    })(workflow);
    expect(hook.received).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after the last attempt or on a 4xx, logs without throwing, and never logs its path', async () => {
    const hook = await receiver([500]);
    server = hook.server;
    const { logger, lines } = capture();
    const notifier = (url: string) =>
      createWebhookNotifier({ url, secret: SECRET, logger, attempts: 3, sleep: noWait });
    await expect(notifier(hook.url)(workflow)).resolves.toBeUndefined();
    expect(hook.received).toHaveLength(3);
    await expect(
      notifier('http://127.0.0.1:1/hook/s3cr3t-path')({ ...workflow, status: 'failed' }),
    ).resolves.toBeUndefined();
    expect(lines.map((l) => [l.msg, l.httpStatus ?? null])).toEqual([
      ['webhook refused the notification', 500],
      ['webhook refused the notification', 500],
      ['webhook refused the notification', 500],
      ['could not deliver the workflow notification', null],
      ['could not deliver the workflow notification', null],
      ['could not deliver the workflow notification', null],
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');

    const refused = await receiver([400]);
    await notifier(refused.url)(workflow);
    expect(refused.received).toHaveLength(1);
    await new Promise((resolve) => refused.server.close(resolve));
  });

  it('refuses a webhook without a secret', () => {
    expect(webhookTarget(undefined, undefined)).toBeUndefined();
    expect(() => webhookTarget('https://hooks.example.com/x', undefined)).toThrow(/TTADS_WEBHOOK_SECRET/);
    expect(() => webhookTarget('https://hooks.example.com/x', 'short')).toThrow(/16 characters/);
    expect(webhookTarget('https://hooks.example.com/x', SECRET)).toEqual({
      url: 'https://hooks.example.com/x',
      secret: SECRET,
    });
  });
});
