import type { ControlPlaneDeps } from '../config/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { credentialRoutes } from './credential-routes.js';
import { destinationRoutes } from './destination-routes.js';
import { oauthRoutes } from './oauth-routes.js';
export { OAUTH_CALLBACK_PATH, oauthRedirectUri } from './oauth-routes.js';
import { pluginRoutes } from './plugin-routes.js';
import type { RouteSpec } from './routes.js';
import { templateRoutes } from './template-routes.js';
import { workflowRoutes } from './workflow-routes.js';

/** What the control-plane routes need, built once by `ttads serve` (or a test). */
export interface ControlRouteDeps {
  /** Store, secret box and a TikTok client without a token. */
  control: ControlPlaneDeps;
  /** Public base URL of this server, as the browser of whoever authorizes reaches it. */
  publicUrl: string;
  /** Resumes stopped workflows (enqueues them); reads go to the store directly. */
  workflows: Pick<WorkflowEngine, 'resolve'>;
}

/**
 * Every route of the control plane: credentials (and the OAuth callback), destinations, data templates,
 * plugins and workflows. Orchestrations and campaigns are declared by their own module, next to these.
 */
export function controlPlaneRoutes(deps: ControlRouteDeps): RouteSpec[] {
  return [
    ...credentialRoutes(deps),
    ...oauthRoutes(deps),
    ...destinationRoutes(deps),
    ...templateRoutes(deps),
    ...pluginRoutes(),
    ...workflowRoutes(deps),
  ];
}
