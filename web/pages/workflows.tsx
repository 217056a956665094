import { WorkflowDetail } from '../runs/workflow-detail';
import { WorkflowList } from '../runs/workflow-list';
import type { PageProps } from './page-props';

/** Workflows (both roles): `#/workflows` lists them, `#/workflows/<id>` shows one with its action. */
export function WorkflowsPage({ route, role }: PageProps) {
  const id = route.segments[1];
  return id ? (
    <WorkflowDetail id={decodeURIComponent(id)} role={role} />
  ) : (
    <WorkflowList route={route} role={role} />
  );
}
