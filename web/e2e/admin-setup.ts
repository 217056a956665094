// What a test's admin sets up through the API before the browser opens.

import { expect } from 'vitest';
import { EMULATOR_DEFAULTS } from '../../src/emulator/index.js';
import type { Stack } from './stack.js';

/** An admin's API calls, as the setup makes them before the browser opens. */
export function adminApi(stack: Stack, key: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** A credential of the emulator's app, created and authorized (consent given) as an admin would. */
export async function authorizedCredential(
  call: ReturnType<typeof adminApi>,
  name = 'Brand app',
): Promise<{ id: string }> {
  const { app } = EMULATOR_DEFAULTS;
  const credential = await call<{ id: string }>('POST', '/api/credentials', {
    name,
    appId: app.app_id,
    appSecret: app.secret,
  });
  const link = await call<{ url: string }>('POST', `/api/credentials/${credential.id}/authorization-link`);
  const consent = await fetch(link.url, { redirect: 'manual' });
  expect((await fetch(consent.headers.get('location') ?? '')).status).toBe(200);
  return credential;
}

/** An authorized credential, an audience destination and template, and an orchestration reading `csv`. */
export async function orchestrationOf(stack: Stack, csv: string): Promise<string> {
  const call = adminApi(stack, await stack.apiKey('admin'));
  const { advertisers } = EMULATOR_DEFAULTS;
  const credential = await authorizedCredential(call);
  const { destination } = await call<{ destination: { id: string } }>('POST', '/api/destinations', {
    name: 'Audiences',
    plugin: 'tiktok_custom_audiences',
    credentialId: credential.id,
    settings: { advertiserId: advertisers[0].advertiser_id },
  });
  const { template } = await call<{ template: { id: string } }>('POST', '/api/templates', {
    destinationId: destination.id,
    name: 'Newsletter',
    settings: { customAudienceName: 'Newsletter readers' },
  });
  const orchestration = await call<{ id: string }>('POST', '/api/orchestrations', {
    name: 'Newsletter nightly',
    sourceQuery: csv,
    destinationId: destination.id,
    templateId: template.id,
  });
  return orchestration.id;
}
