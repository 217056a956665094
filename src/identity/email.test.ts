import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';
import { hashIdentifier } from './hash-identifier.js';
import { EMAIL_INVALID } from './types.js';

describe('normalizeEmail', () => {
  it('only trims and lower-cases: dots and +tags stay', () => {
    expect(normalizeEmail('John.Doe+tag@GMail.com ')).toBe('john.doe+tag@gmail.com');
    expect(normalizeEmail('\t ANNA@Example.CO.UK\n')).toBe('anna@example.co.uk');
    expect(normalizeEmail('first.last@sub.domain.org')).toBe('first.last@sub.domain.org');
  });

  it('hashes exactly the trimmed, lower-cased string', () => {
    const outcome = hashIdentifier('EMAIL', 'John.Doe+tag@GMail.com ', { defaultRegion: 'US' });
    // sha256("john.doe+tag@gmail.com")
    expect(outcome).toEqual({
      kind: 'ok',
      hash: 'fa977c0b3d18f155576d45ff2fb915a4ef183d2a5981dfb4100fd2f7acf52821',
    });
    expect(hashIdentifier('EMAIL', ' Test@Example.com', { defaultRegion: 'US' })).toEqual({
      kind: 'ok',
      hash: '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
    });
  });

  it.each([
    'john',
    'john@',
    '@example.com',
    'john@example',
    'john@@example.com',
    'jo@hn@example.com',
    'john doe@example.com',
    'john@exa mple.com',
    'john@.example.com',
    'john@example.com.',
    'john@example..com',
    'N/A',
  ])('rejects %j as email_invalid', (raw) => {
    expect(normalizeEmail(raw)).toBe(EMAIL_INVALID);
    expect(EMAIL_INVALID.reject).toBe('email_invalid');
  });
});
