import type { Emulator } from './app.js';

/**
 * Human-readable text listing where the emulator listens and the credentials that work against it.
 * These values are the emulator's own (public test values), never real TikTok secrets, so printing
 * them is intended.
 */
export function describeCredentials(emulator: Emulator, url?: string): string {
  const d = emulator.state.directory;
  const lines: string[] = ['TikTok Business API emulator'];
  if (url) {
    lines.push(
      `  URL:        ${url}`,
      `  API base:   ${url}/open_api/v1.3/`,
      `  Inspect:    ${url}/_emulator/credentials`,
    );
  }
  lines.push('', 'Apps (app_id / secret):');
  for (const a of d.apps.values()) lines.push(`  ${a.app_id}  ${a.secret}`);
  lines.push('', 'Advertisers (advertiser_id / business_id / name):');
  for (const a of d.advertisers.values()) lines.push(`  ${a.advertiser_id}  ${a.business_id}  ${a.name}`);
  lines.push('', 'Access tokens (role / advertisers):');
  for (const t of d.tokens.values()) {
    if (t.revoked) continue;
    lines.push(`  ${t.access_token}  ${t.role}  ${t.advertiser_ids.join(',')}`);
  }
  lines.push('', 'Users who can consent on the portal (use ?as=<user_id or role>):');
  for (const u of d.users.values()) lines.push(`  ${u.user_id}  ${u.role}  ${u.advertiser_ids.join(',')}`);
  if (d.eventSets.size > 0) {
    lines.push('', 'Offline event sets (event_set_id / advertiser_id):');
    for (const e of d.eventSets.values()) lines.push(`  ${e.event_set_id}  ${e.advertiser_id}`);
  }
  if (d.pixels.size > 0) {
    lines.push('', 'Pixels (pixel_code / advertiser_id):');
    for (const p of d.pixels.values()) lines.push(`  ${p.pixel_code}  ${p.advertiser_id}`);
  }
  if (url) {
    const app = d.apps.values().next().value;
    if (app) {
      lines.push(
        '',
        'Authorize (consents at once and redirects with auth_code):',
        `  ${url}/portal/auth?app_id=${app.app_id}&state=xyz&redirect_uri=<your callback URL>`,
      );
    }
  }
  return lines.join('\n');
}
