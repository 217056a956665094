import type { Role } from '../api';
import type { Route } from '../router';

/** What every page gets: the route (segments after its own name) and the signed-in role. */
export interface PageProps {
  route: Route;
  role: Role;
}
