import type { ControlRouteDeps } from './control-route-deps.js';
import { credentialRoutes } from './credential-routes.js';
import { destinationRoutes } from './destination-routes.js';
import { oauthRoutes } from './oauth-routes.js';
export { OAUTH_CALLBACK_PATH, oauthRedirectUri } from './oauth-routes.js';
import { pluginRoutes } from './plugin-routes.js';
import type { RouteSpec } from './routes.js';
import { templateRoutes } from './template-routes.js';
import { workflowRoutes } from './workflow-routes.js';

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
    ...pluginRoutes(deps.control.plugins),
    ...workflowRoutes(deps),
  ];
}
