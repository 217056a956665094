import { describe, expect, it } from 'vitest';
import {
  changedOnly,
  describePattern,
  fieldsOf,
  initialRaw,
  issuesFromMessage,
  mapIssues,
  parseList,
  titleFromKey,
  toBody,
  validate,
  type JsonSchema,
} from './schema-values';

// A destination schema as zod's toJSONSchema writes it (trimmed from GET /api/plugins).
const destination: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { default: '', type: 'string', maxLength: 2000 },
    credentialId: { type: 'string', minLength: 1 },
    businessUserAccess: { default: false, type: 'boolean' },
    plugin: { type: 'string', const: 'tiktok_custom_audiences' },
    batchSize: { type: 'integer', minimum: 1, maximum: 10000 },
    settings: {
      default: {},
      type: 'object',
      properties: {
        advertiserId: { type: 'string', pattern: '^\\d{19}$', description: 'schema help' },
        additionalAdvertiserIds: { type: 'array', items: { type: 'string', pattern: '^\\d{19}$' } },
        userIdTypes: {
          minItems: 1,
          type: 'array',
          items: { type: 'string', enum: ['AAID', 'EMAIL', 'IDFA', 'PHONE'] },
        },
        eventSource: { type: 'string', enum: ['web', 'offline'] },
      },
      additionalProperties: false,
    },
  },
  required: ['name', 'credentialId', 'plugin'],
};
const AD = '7654321098765432109';

describe('titleFromKey', () => {
  it('writes keys as sentence-case labels with ID and URL in capitals', () => {
    expect(titleFromKey('advertiserId')).toBe('Advertiser ID');
    expect(titleFromKey('appId')).toBe('App ID');
    expect(titleFromKey('appSecret')).toBe('App secret');
    expect(titleFromKey('userIdTypes')).toBe('User ID types');
    expect(titleFromKey('additionalAdvertiserIds')).toBe('Additional advertiser IDs');
    expect(titleFromKey('redirectUrl')).toBe('Redirect URL');
    expect(titleFromKey('source_sql')).toBe('Source SQL');
    expect(titleFromKey('name')).toBe('Name');
  });
});

describe('fieldsOf', () => {
  it('picks an input per schema type, nests objects, and applies hints', () => {
    const fields = fieldsOf(destination, {
      labels: { credentialId: 'Credential' },
      help: { 'settings.advertiserId': 'plugin help' },
      choices: { credentialId: [{ value: 'c1', label: 'Cred 1' }] },
    });
    const kinds = Object.fromEntries(fields.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      name: 'text',
      description: 'textarea',
      credentialId: 'select',
      businessUserAccess: 'checkbox',
      plugin: 'const',
      batchSize: 'integer',
      settings: 'group',
    });
    const settings = fields.find((f) => f.name === 'settings')!;
    expect(settings.children!.map((f) => [f.name, f.kind])).toEqual([
      ['settings.advertiserId', 'text'],
      ['settings.additionalAdvertiserIds', 'list'],
      ['settings.userIdTypes', 'multi'],
      ['settings.eventSource', 'select'],
    ]);
    expect(settings.children![0]!.help).toBe('plugin help');
    expect(fields.find((f) => f.name === 'credentialId')!.label).toBe('Credential');
    expect(fields.find((f) => f.name === 'name')!.required).toBe(true);
  });

  it('leaves excluded fields out', () => {
    const names = fieldsOf(destination, { exclude: ['plugin', 'settings.eventSource'] }).flatMap((f) => [
      f.name,
      ...(f.children ?? []).map((c) => c.name),
    ]);
    expect(names).not.toContain('plugin');
    expect(names).not.toContain('settings.eventSource');
  });
});

describe('values', () => {
  const fields = fieldsOf(destination);

  it('prefills defaults and converts inputs to the body, leaving empty optional fields out', () => {
    const raw = initialRaw(fields);
    expect(raw.description).toBe('');
    expect(raw.businessUserAccess).toBe(false);
    Object.assign(raw, {
      name: '  Audiences ',
      credentialId: 'c1',
      batchSize: '500',
      'settings.advertiserId': AD,
      'settings.additionalAdvertiserIds': `${AD},\n 1234567890123456789 ,`,
      'settings.userIdTypes': ['EMAIL'],
    });
    expect(toBody(fields, raw)).toEqual({
      name: 'Audiences',
      credentialId: 'c1',
      businessUserAccess: false,
      plugin: 'tiktok_custom_audiences',
      batchSize: 500,
      settings: {
        advertiserId: AD,
        additionalAdvertiserIds: [AD, '1234567890123456789'],
        userIdTypes: ['EMAIL'],
      },
    });
  });

  it('splits lists on commas and new lines', () => {
    expect(parseList('a, b\nc,,\n')).toEqual(['a', 'b', 'c']);
  });

  it('round-trips an existing object and sends only what changed, clearing emptied fields', () => {
    const existing = {
      name: 'D',
      description: 'old',
      credentialId: 'c1',
      businessUserAccess: true,
      settings: { advertiserId: AD, userIdTypes: ['EMAIL', 'PHONE'] },
    };
    const raw = initialRaw(fields, existing);
    expect(raw['settings.userIdTypes']).toEqual(['EMAIL', 'PHONE']);
    const before = toBody(fields, raw, existing);
    expect(changedOnly(before, before)).toEqual({});
    const edited = { ...raw, description: '', 'settings.userIdTypes': [] };
    expect(changedOnly(toBody(fields, edited, existing), before)).toEqual({
      description: '',
      settings: { advertiserId: AD },
    });
  });
});

describe('validate', () => {
  const fields = fieldsOf(destination);

  it('checks required fields, patterns, numbers and list items before sending', () => {
    const raw = {
      ...initialRaw(fields),
      name: '',
      credentialId: 'c1',
      batchSize: '2.5',
      'settings.advertiserId': '123',
      'settings.additionalAdvertiserIds': `${AD}, 12`,
    };
    expect(validate(fields, raw)).toEqual({
      name: 'Required',
      batchSize: 'Must be a whole number',
      'settings.advertiserId': 'Must be a 19-digit number',
      'settings.additionalAdvertiserIds': '"12": must be a 19-digit number',
    });
    expect(validate(fields, { ...raw, batchSize: '0' }).batchSize).toBe('Must be at least 1');
    expect(validate(fields, { ...raw, name: 'x'.repeat(201) }).name).toBe('At most 200 characters (now 201)');
  });

  it('describes unusual patterns literally', () => {
    expect(describePattern('^[A-Z0-9]{6,40}$')).toBe('Does not match the expected format ^[A-Z0-9]{6,40}$');
    expect(describePattern('^\\d{1,32}$')).toBe('Must be a number of 1 to 32 digits');
  });
});

describe('mapIssues', () => {
  const fields = fieldsOf(destination);

  it('puts each 400 issue next to the field its path names, the rest apart', () => {
    const mapped = mapIssues(
      [
        { path: ['settings', 'advertiserId'], message: 'an advertiser ID is a nineteen-digit number' },
        { path: ['settings', 'userIdTypes', 0], message: 'Invalid option' },
        { path: ['name'], message: 'Too small' },
        { path: ['name'], message: 'already taken' },
        { path: [], message: 'Unrecognized key: "x"' },
        { path: ['body', 'credentialId'], message: 'credential nope does not exist' },
      ],
      fields,
    );
    expect(mapped.byField).toEqual({
      'settings.advertiserId': 'an advertiser ID is a nineteen-digit number',
      'settings.userIdTypes': 'Item 1: Invalid option',
      name: 'Too small; already taken',
      credentialId: 'credential nope does not exist',
    });
    expect(mapped.other).toEqual([{ path: [], message: 'Unrecognized key: "x"' }]);
  });

  it('reads issues out of an error message when the answer had none in structured form', () => {
    const issues = issuesFromMessage(
      'Invalid request: body.name: Too small: expected >=1 characters; body.settings.additionalAdvertiserIds.0: bad id',
    );
    expect(issues).toEqual([
      { path: ['name'], message: 'Too small: expected >=1 characters' },
      { path: ['settings', 'additionalAdvertiserIds', 0], message: 'bad id' },
    ]);
    expect(mapIssues(issues, fields).byField['settings.additionalAdvertiserIds']).toBe('Item 1: bad id');
  });
});
