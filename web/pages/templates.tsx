import { Page } from '../components/ui';
import type { PageProps } from './index';

export function TemplatesPage(_props: PageProps) {
  return <Page title="templates">Not built yet.</Page>;
}
