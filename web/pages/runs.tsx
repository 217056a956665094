import { RunDetail } from '../runs/run-detail';
import { RunList } from '../runs/run-list';
import type { PageProps } from './page-props';

/** Runs (admins): `#/runs` lists them with charts, `#/runs/<id>` shows one run's report. */
export function RunsPage({ route }: PageProps) {
  const id = route.segments[1];
  return id ? <RunDetail id={decodeURIComponent(id)} /> : <RunList />;
}
