import { describe, expect, it } from 'vitest';
import { isListedAs } from './audience-name.js';

describe('isListedAs: a name as TikTok lists it', () => {
  const long = `${'é'.repeat(10)}${'a'.repeat(395)}tail`;
  const kept = `${'é'.repeat(10)}${'a'.repeat(390)}`;

  it('matches the same name, and a long name truncated to 400 visible characters', () => {
    expect(isListedAs('Buyers', 'Buyers')).toBe(true);
    expect(isListedAs(`${kept}...`, long)).toBe(true);
    expect(isListedAs(`${kept}   ...`, long)).toBe(true);
    expect(isListedAs(`${kept}\u2026`, long)).toBe(true);
    expect(isListedAs(`${kept}...`, `${kept}b`)).toBe(true);
  });

  it('never takes a shorter listed name, another name or a short wanted name for a match', () => {
    expect(isListedAs('buyers', 'Buyers')).toBe(false);
    expect(isListedAs(`${kept.slice(0, 100)}...`, long)).toBe(false);
    expect(isListedAs(`${kept}...`, `${kept.slice(0, 399)}Zb`)).toBe(false);
    expect(isListedAs('Buy...', 'Buyers')).toBe(false);
    expect(isListedAs(`${'b'.repeat(400)}...`, long)).toBe(false);
  });
});
