import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { buildAction } from './actions.js';
import { createWebhookNotifier } from './notify.js';
import type { WorkflowRecord } from './types.js';

const workflow: WorkflowRecord = {
  id: 'wf-1',
  kind: 'campaign',
  subject: { campaignId: 'c1' },
  status: 'action_required',
  currentStep: 'send',
  settings: {},
  input: {},
  action: buildAction('missing_advertiser_permissions', { step: 'send' }),
  error: null,
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

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cr3t-path` };
}

describe('webhook notifications', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('POSTs the stopped workflow and its action as JSON', async () => {
    const bodies: { method?: string; type?: string; body: unknown }[] = [];
    const started = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
        res.writeHead(200).end('ok');
      });
    });
    server = started.server;
    const { logger, lines } = capture();
    const notify = createWebhookNotifier({
      url: started.url,
      logger,
      now: () => new Date('2025-01-02T03:05:00Z'),
    });
    await notify(workflow);
    expect(bodies).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        body: {
          event: 'workflow.action_required',
          at: '2025-01-02T03:05:00.000Z',
          workflow: {
            id: 'wf-1',
            kind: 'campaign',
            subject: { campaignId: 'c1' },
            status: 'action_required',
            currentStep: 'send',
            createdAt: '2025-01-02T03:04:05.000Z',
          },
          action: JSON.parse(JSON.stringify(workflow.action)) as unknown,
        },
      },
    ]);
    expect(lines).toEqual([]);
  });

  it('logs a refusing or unreachable webhook without throwing, and never logs its path', async () => {
    const started = await listen((_req, res) => res.writeHead(500).end());
    server = started.server;
    const { logger, lines } = capture();
    await expect(createWebhookNotifier({ url: started.url, logger })(workflow)).resolves.toBeUndefined();
    await expect(
      createWebhookNotifier({ url: 'http://127.0.0.1:1/hook/s3cr3t-path', logger })({
        ...workflow,
        status: 'failed',
      }),
    ).resolves.toBeUndefined();
    expect(lines.map((l) => [l.msg, l.httpStatus ?? null])).toEqual([
      ['webhook refused the notification', 500],
      ['could not deliver the workflow notification', null],
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
  });
});
