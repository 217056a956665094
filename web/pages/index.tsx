import type { ReactNode } from 'react';
import type { Role } from '../api';
import type { Route } from '../router';
import type { PageProps } from './page-props';
import { ApiKeysPage } from './api-keys';
import { CampaignsPage } from './campaigns';
import { CredentialsPage } from './credentials';
import { DestinationsPage } from './destinations';
import { OrchestrationsPage } from './orchestrations';
import { RunsPage } from './runs';
import { SegmentsPage } from './segments';
import { TemplatesPage } from './templates';
import { WorkflowsPage } from './workflows';

/** The main navigation; a role sees only what its API key may use. */
export const NAV: { path: string; label: string; roles: Role[]; page: (p: PageProps) => ReactNode }[] = [
  { path: '/runs', label: 'Runs', roles: ['admin'], page: (p) => <RunsPage {...p} /> },
  {
    path: '/workflows',
    label: 'Workflows',
    roles: ['admin', 'business_user'],
    page: (p) => <WorkflowsPage {...p} />,
  },
  {
    path: '/orchestrations',
    label: 'Orchestrations',
    roles: ['admin'],
    page: (p) => <OrchestrationsPage {...p} />,
  },
  {
    path: '/segments',
    label: 'Segments',
    roles: ['admin', 'business_user'],
    page: (p) => <SegmentsPage {...p} />,
  },
  {
    path: '/campaigns',
    label: 'Campaigns',
    roles: ['admin', 'business_user'],
    page: (p) => <CampaignsPage {...p} />,
  },
  {
    path: '/destinations',
    label: 'Destinations',
    roles: ['admin', 'business_user'],
    page: (p) => <DestinationsPage {...p} />,
  },
  {
    path: '/templates',
    label: 'Data templates',
    roles: ['admin', 'business_user'],
    page: (p) => <TemplatesPage {...p} />,
  },
  { path: '/credentials', label: 'Credentials', roles: ['admin'], page: (p) => <CredentialsPage {...p} /> },
  { path: '/api-keys', label: 'API keys', roles: ['admin'], page: (p) => <ApiKeysPage {...p} /> },
];

/** The page of a route, or a not-found page (also for a page the role may not use). */
export function pageFor(route: Route, role: Role): ReactNode {
  const item = NAV.find((n) => n.path === `/${route.segments[0] ?? ''}` && n.roles.includes(role));
  if (!item) return <p role="alert">There is no page at {route.path} for your role.</p>;
  return item.page({ route, role });
}
