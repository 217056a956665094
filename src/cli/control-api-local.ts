import {
  campaignOffer,
  checkCredential,
  createAuthorizationLink,
  createCredential,
  createDestination,
  createTemplate,
  deleteCredential,
  deleteDestination,
  deleteTemplate,
  getCredential,
  getDestination,
  getTemplate,
  listCredentials,
  listDestinations,
  listTemplates,
  revokeLinks,
  testDestination,
  updateCredential,
  updateDestination,
  updateTemplate,
  type DataTemplate,
  type Destination,
} from '../config/index.js';
import { clockOf } from '../config/deps.js';
import { getWorkflowDetails, listWorkflows } from '../jobs/index.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../server/api-keys.js';
import { oauthRedirectUri } from '../server/oauth-routes.js';
import { notFoundError } from './cli-errors.js';
import type { ControlApi, TemplateView } from './control-api.js';
import { withEngine, type LocalControl } from './local-control.js';
import { localRunnableApis } from './runnable-api-local.js';
export type { LocalControl } from './local-control.js';

/** Where `credentials link` sends TikTok back to when `--public-url` is not given. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

const templateView = (
  plugins: LocalControl['control']['plugins'],
  destination: Destination,
  template: DataTemplate,
): TemplateView => ({
  ...template,
  plugin: destination.plugin,
  campaignOffer: campaignOffer(plugins, destination, template),
});

/** The control plane on a store this process opened (today's direct calls to the engines). */
export function localControlApi(local: LocalControl): ControlApi {
  const { control } = local;
  const db = control.db;
  const withDestination = async (template: DataTemplate) =>
    templateView(control.plugins, await getDestination(db, template.destinationId), template);
  return {
    where: 'local',
    apiKeys: {
      list: () => listApiKeys(db),
      create: (input) => createApiKey(db, input),
      async revoke(id) {
        if (!(await revokeApiKey(db, id))) throw notFoundError(`No active API key ${id}.`);
      },
    },
    credentials: {
      list: () => listCredentials(db),
      get: (id) => getCredential(db, id),
      create: (input) => createCredential(control, input),
      update: (id, patch) => updateCredential(control, id, patch),
      delete: (id) => deleteCredential(db, id),
      async link(id, opts) {
        const redirectUri = oauthRedirectUri(opts.publicUrl ?? DEFAULT_PUBLIC_URL);
        const link = await createAuthorizationLink(control, {
          credentialId: id,
          redirectUri,
          ...(opts.ttlHours !== undefined ? { ttlMs: Math.round(opts.ttlHours * 3_600_000) } : {}),
        });
        return {
          linkId: link.linkId,
          credentialId: id,
          url: link.url,
          expiresAt: link.expiresAt,
          redirectUri,
        };
      },
      async revokeLinks(id, linkId) {
        const credential = await getCredential(db, id);
        const revoked = await revokeLinks(db, credential.id, clockOf(control)(), linkId);
        if (linkId && revoked.length === 0) {
          throw notFoundError(
            `Credential ${credential.id} has no usable authorization link ${linkId} (used, revoked or expired).`,
          );
        }
        return revoked;
      },
      check: (id) => checkCredential(control, id),
    },
    destinations: {
      list(filter) {
        // An unknown plugin filters nothing out; an alias lists its destination's.
        const plugin = filter.plugin ? control.plugins.find(filter.plugin)?.id : undefined;
        return listDestinations(db, plugin ? { plugin } : {});
      },
      get: (id) => getDestination(db, id),
      async create(input) {
        const made = await createDestination(control, input);
        return { saved: made.destination, connection: made.connection };
      },
      async update(id, patch) {
        const made = await updateDestination(control, id, patch);
        return { saved: made.destination, connection: made.connection };
      },
      delete: (id) => deleteDestination(db, id),
      test: (id) => testDestination(control, id),
    },
    templates: {
      async list(filter) {
        const destinations = filter.destinationId
          ? [await getDestination(db, filter.destinationId)]
          : await listDestinations(db);
        const out: TemplateView[] = [];
        for (const destination of destinations) {
          for (const template of await listTemplates(db, { destinationId: destination.id })) {
            out.push(templateView(control.plugins, destination, template));
          }
        }
        return out;
      },
      get: async (id) => withDestination(await getTemplate(db, id)),
      async create(input) {
        const made = await createTemplate(control, input);
        return { saved: await withDestination(made.template), connection: made.connection };
      },
      async update(id, patch) {
        const made = await updateTemplate(control, id, patch);
        return { saved: await withDestination(made.template), connection: made.connection };
      },
      delete: (id) => deleteTemplate(db, id),
    },
    workflows: {
      list: (filter) =>
        listWorkflows(db, {
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.kind ? { kind: filter.kind } : {}),
          limit: filter.limit,
        }),
      async show(id) {
        const details = await getWorkflowDetails(db, id);
        if (!details) throw notFoundError(`no workflow ${id}`);
        return details;
      },
      resolve: (id) => withEngine(local, false, (engine) => engine.resolve(id)),
    },
    ...localRunnableApis(local),
  };
}
