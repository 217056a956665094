import { Page } from '../components/ui';
import type { PageProps } from './index';

export function RunsPage(_props: PageProps) {
  return <Page title="runs">Not built yet.</Page>;
}
