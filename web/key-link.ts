/**
 * A key handed over in an address (`#key=...`). Anyone can send a link that signs the receiver in with the
 * sender's key (and so shows the sender's data as theirs), so such a link signs in only once the person
 * confirms. The demo's own server (`ttads demo`) marks its page with this meta tag: there the printed link
 * signs in at once, as the person who started the demo is the one opening it.
 */
export const DEMO_META = 'ttads-demo';

/** The key in a `#key=...` fragment, if any. */
export function keyFromFragment(hash: string): string | undefined {
  const match = /^#key=([^&]+)/.exec(hash);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** What to do with a key from the address: sign in at once (the demo's page) or ask first. */
export function linkSignIn(hash: string, demoPage: boolean): { key: string; confirm: boolean } | undefined {
  const key = keyFromFragment(hash);
  return key ? { key, confirm: !demoPage } : undefined;
}
