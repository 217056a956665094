import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TtadsError } from '../errors.js';
import { nameApiSchema, openApiDocument } from './openapi.js';
import { route } from './routes.js';

const INFO = { title: 't', version: '1' };

function answering(path: string, response: z.ZodType) {
  return route({
    method: 'get',
    path,
    summary: 's',
    tag: 't',
    roles: ['admin'],
    response,
    handler: () => Promise.resolve({}),
  });
}

interface Doc {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  paths: Record<
    string,
    { get: { responses: { 200: { content: { 'application/json': { schema: unknown } } } } } }
  >;
}

const answerOf = (doc: Doc, path: string) =>
  doc.paths[path]?.get.responses[200].content['application/json'].schema;

describe('openApiDocument', () => {
  it('lists named schemas under components, sorted, and refers to them wherever they are used', () => {
    const when = nameApiSchema(z.object({ cron: z.string() }), 'TestWhen');
    const thing = nameApiSchema(z.object({ id: z.string(), when: when.nullable() }), 'TestThing');
    const doc = openApiDocument(
      [answering('/things', z.object({ things: z.array(thing) })), answering('/things/:id', thing)],
      INFO,
    ) as Doc;
    expect(Object.keys(doc.components.schemas)).toEqual(['TestThing', 'TestWhen']);
    expect(answerOf(doc, '/things/{id}')).toEqual({ $ref: '#/components/schemas/TestThing' });
    expect(answerOf(doc, '/things')).toMatchObject({
      properties: { things: { items: { $ref: '#/components/schemas/TestThing' } } },
    });
    expect(doc.components.schemas.TestThing?.properties?.when).toEqual({
      anyOf: [{ $ref: '#/components/schemas/TestWhen' }, { type: 'null' }],
    });
  });

  it('keeps the description of a schema it names', () => {
    const role = nameApiSchema(z.enum(['a', 'b']).describe('Who'), 'TestRole');
    const doc = openApiDocument([answering('/role', role)], INFO) as Doc;
    expect(doc.components.schemas.TestRole).toMatchObject({ description: 'Who', enum: ['a', 'b'] });
  });

  it('refuses two different schemas of one name', () => {
    const one = nameApiSchema(z.object({ a: z.string() }), 'TestClash');
    const other = nameApiSchema(z.object({ b: z.number() }), 'TestClash');
    const build = () => openApiDocument([answering('/one', one), answering('/other', other)], INFO);
    expect(build).toThrow(TtadsError);
    expect(build).toThrow(/Two different API schemas are both named TestClash/);
  });
});
