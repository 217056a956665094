import { Page } from '../components/ui';
import type { PageProps } from './index';

export function CredentialsPage(_props: PageProps) {
  return <Page title="credentials">Not built yet.</Page>;
}
