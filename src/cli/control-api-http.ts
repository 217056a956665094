import type { ConnectionReport, Credential, Destination } from '../config/index.js';
import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import type { ApiKeyInfo } from '../server/api-keys.js';
import { usageError } from './cli-errors.js';
import type { AuthorizationLinkView, ControlApi, Saved, TemplateView } from './control-api.js';
import { httpRunnableApis } from './runnable-api-http.js';
import { at, type ServerClient } from './server-client.js';

const saved = <T>(answer: Record<string, unknown>, key: string): Saved<T> => ({
  saved: answer[key] as T,
  connection: (answer.connection ?? null) as ConnectionReport | null,
});

/**
 * The control plane of a running server, through its `/api` routes (the same ones the web app calls): what
 * the server answers is what the command prints, and its refusals become the CLI's exit codes.
 */
export function httpControlApi(client: ServerClient): ControlApi {
  const call = client.call.bind(client);
  const none = async (p: Promise<unknown>): Promise<void> => {
    await p;
  };
  return {
    where: { server: client.target.url },
    apiKeys: {
      list: async () => (await call<{ apiKeys: ApiKeyInfo[] }>('GET', '/api/api-keys')).apiKeys,
      create: (input) => call<{ id: string; key: string }>('POST', '/api/api-keys', { body: input }),
      revoke: (id) => none(call('DELETE', at('/api/api-keys', id))),
    },
    credentials: {
      list: async () => (await call<{ credentials: Credential[] }>('GET', '/api/credentials')).credentials,
      get: (id) => call('GET', at('/api/credentials', id)),
      create: (input) => call('POST', '/api/credentials', { body: input }),
      update: (id, patch) => call('PATCH', at('/api/credentials', id), { body: patch }),
      delete: (id) => none(call('DELETE', at('/api/credentials', id))),
      link(id, opts) {
        if (opts.publicUrl !== undefined) {
          throw usageError(
            "--public-url is the server's own setting with --server: the callback goes to its `--public-url`.",
          );
        }
        return call<AuthorizationLinkView>('POST', at('/api/credentials', id, '/authorization-link'), {
          query: { ttlHours: opts.ttlHours },
        });
      },
      async revokeLinks(id, linkId) {
        const path = at('/api/credentials', id, '/authorization-links');
        const answer = await call<{ revoked: string[] }>('DELETE', linkId ? at(path, linkId) : path);
        return answer.revoked;
      },
      check: (id) => call('POST', at('/api/credentials', id, '/check')),
    },
    destinations: {
      list: async (filter) =>
        (await call<{ destinations: Destination[] }>('GET', '/api/destinations', { query: filter }))
          .destinations,
      get: (id) => call('GET', at('/api/destinations', id)),
      create: async (input) => saved(await call('POST', '/api/destinations', { body: input }), 'destination'),
      update: async (id, patch) =>
        saved(await call('PATCH', at('/api/destinations', id), { body: patch }), 'destination'),
      delete: (id) => none(call('DELETE', at('/api/destinations', id))),
      test: (id) => call('POST', at('/api/destinations', id, '/test')),
    },
    templates: {
      list: async (filter) =>
        (
          await call<{ templates: TemplateView[] }>('GET', '/api/templates', {
            query: { destinationId: filter.destinationId },
          })
        ).templates,
      get: (id) => call('GET', at('/api/templates', id)),
      create: async (input) => saved(await call('POST', '/api/templates', { body: input }), 'template'),
      update: async (id, patch) =>
        saved(await call('PATCH', at('/api/templates', id), { body: patch }), 'template'),
      delete: (id) => none(call('DELETE', at('/api/templates', id))),
    },
    workflows: {
      list: async (filter) =>
        (
          await call<{ workflows: WorkflowRecord[] }>('GET', '/api/workflows', {
            query: { status: filter.status?.join(','), kind: filter.kind, limit: filter.limit },
          })
        ).workflows,
      show: (id) => call<WorkflowDetails>('GET', at('/api/workflows', id)),
      resolve: (id) => call<WorkflowRecord>('POST', at('/api/workflows', id, '/resolve')),
    },
    ...httpRunnableApis(client),
  };
}
