import type { WorkflowDetails, WorkflowRecord } from '../jobs/index.js';
import type {
  AudienceOwner,
  Campaign,
  CampaignInput,
  CampaignPatch,
  Orchestration,
  OrchestrationInput,
  OrchestrationPatch,
  Segment,
} from '../orchestrations/index.js';
import { usageError } from './cli-errors.js';
import type { ControlApi, RunnableApi } from './control-api.js';
import { at, type ServerClient } from './server-client.js';
import { waitUntilStopped } from './wait-workflow.js';

/** One runnable kind through `/api/<plural>`: list, read, save, delete and run (queued on the server). */
function httpRunnable<T, Input, Patch>(client: ServerClient, plural: string): RunnableApi<T, Input, Patch> {
  const base = `/api/${plural}`;
  const call = client.call.bind(client);
  const show = (id: string) => call<WorkflowDetails>('GET', at('/api/workflows', id));
  return {
    list: async () => (await call<Record<string, T[]>>('GET', base))[plural] ?? [],
    get: (id) => call<T>('GET', at(base, id)),
    create: (input) => call<T>('POST', base, { body: input }),
    update: (id, patch) => call<T>('PATCH', at(base, id), { body: patch }),
    async delete(id) {
      await call('DELETE', at(base, id));
    },
    async run(id, request) {
      if (request.here) {
        throw usageError(
          '--here runs the workflow in this process, which needs the store: with --server the server queues it ' +
            'for its workers (add --wait to wait for the outcome).',
        );
      }
      const created = await call<WorkflowRecord>('POST', at(base, id, '/run'));
      if (!request.wait) return { workflow: created, stopped: false };
      return { workflow: await waitUntilStopped(show, created.id), stopped: true };
    },
  };
}

/** Segments, audience owners, orchestrations and campaigns of a running server. */
export function httpRunnableApis(
  client: ServerClient,
): Pick<ControlApi, 'segments' | 'audienceOwners' | 'orchestrations' | 'campaigns'> {
  const call = client.call.bind(client);
  return {
    segments: {
      list: async () => (await call<{ segments: Segment[] }>('GET', '/api/segments')).segments,
      get: (id) => call('GET', at('/api/segments', id)),
      create: (input) => call('POST', '/api/segments', { body: input }),
      update: (id, patch) => call('PATCH', at('/api/segments', id), { body: patch }),
      async delete(id) {
        await call('DELETE', at('/api/segments', id));
      },
    },
    audienceOwners: {
      list: async (filter) =>
        (
          await call<{ audiences: AudienceOwner[] }>('GET', '/api/audience-owners', {
            query: { advertiserId: filter.advertiserId },
          })
        ).audiences,
      transfer: (audience, to) =>
        call<AudienceOwner>('POST', '/api/audience-owners/transfer', { body: { ...audience, to } }),
    },
    orchestrations: httpRunnable<Orchestration, OrchestrationInput, OrchestrationPatch>(
      client,
      'orchestrations',
    ),
    campaigns: httpRunnable<Campaign, CampaignInput, CampaignPatch>(client, 'campaigns'),
  };
}
