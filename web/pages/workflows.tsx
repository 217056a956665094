import { Page } from '../components/ui';
import type { PageProps } from './index';

export function WorkflowsPage(_props: PageProps) {
  return <Page title="workflows">Not built yet.</Page>;
}
