import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Drives the API from its own OpenAPI document with malformed and hostile requests: no 5xx, every
 * rejection is problem+json, and a rejected request never stores an event.
 */

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  bodySchema?: Schema;
  query: string[];
}
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  enum?: unknown[];
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
const RAW_RUNS = Math.ceil(RUNS / 5);

const junk = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant(-0), fc.constant(1e308),
  fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('x'.repeat(5000)), fc.constant('\u0000'), fc.constant('<script>alert(1)</script>'), fc.constant("'; DROP TABLE events; --"),
  fc.constant('{{7*7}}'), fc.constant('2025-02-30'), fc.constant('9999-99-99'), fc.constant('__proto__'),
  fc.array(fc.anything(), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 4 }),
  fc.anything({ maxDepth: 6 }),
);

const hostileSegment = fc.oneof(
  fc.uuid().map(encodeURIComponent),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%ff%fe', '%2e%2e%2f%2e%2e', '..', '%00', 'null', 'undefined', '-1', '0', 'a'.repeat(3000), '%E2%80%AE', 'kader-1;DROP'),
);

const headerText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('"3"', 'W/"1"', '*', '"-1"', '"99999999999"', '""', 'x'.repeat(2000), '"1", "2"', 'null'),
).map((s) => s.replace(/[^\x20-\x7e]/g, '?'));

describe('API fuzz from the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let components: Record<string, Schema>;
  let tokens: (string | undefined)[];

  beforeAll(async () => {
    process.env.RATE_LIMIT_MAX = '1000000';
    t = await createTestApp();
    const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body;
    components = doc.components?.schemas ?? {};
    operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'delete'].includes(method))
        .map(([method, op]) => ({
          method: method as Operation['method'],
          path,
          bodySchema: op.requestBody?.content?.['application/json']?.schema,
          query: (op.parameters ?? []).filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name),
        })));
    const roles = [['directeur', 'directeurenoverleg'], ['projectleider', undefined], ['secretaris', 'bestuurscommissie-maatschappij'], ['beheerder', undefined], ['participant', 'zorgaanbieder']] as const;
    tokens = [...(await Promise.all(roles.map(async ([rol, org]) => `Bearer ${await t.token(rol, org)}`))), undefined, 'Bearer junk', `Bearer ${'a'.repeat(900)}`];
  });
  afterAll(() => t.close());

  const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? components[schema.$ref.split('/').pop()!] : schema);

  /** A body near the schema: each property its example, junk or left out; sometimes extra keys. */
  const bodyFor = (schema: Schema | undefined): fc.Arbitrary<unknown> => {
    const resolved = resolve(schema);
    const props = Object.entries(resolved?.properties ?? {});
    const near = fc.record(
      Object.fromEntries(props.map(([name, prop]) => {
        const p = resolve(prop) ?? prop;
        const valid = p.example !== undefined ? fc.constant(p.example) : p.enum ? fc.constantFrom(...p.enum) : p.properties ? bodyFor(p) : junk;
        return [name, fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: junk })];
      })),
      { requiredKeys: [] },
    );
    return fc.oneof(
      { weight: 4, arbitrary: near },
      { weight: 1, arbitrary: fc.tuple(near, fc.dictionary(fc.constantFrom('actor', 'gebruikersId', '__proto__', 'constructor', 'versie', 'x'), junk, { maxKeys: 2 })).map(([a, b]) => ({ ...(a as object), ...b })) },
      { weight: 1, arbitrary: junk },
      { weight: 1, arbitrary: fc.constant(nested(200)) },
    );
  };

  const nested = (depth: number): unknown => (depth === 0 ? 'bodem' : { a: nested(depth - 1) });

  const countEvents = async () => Number((await t.runtime.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  const check = async (res: request.Response, before: number, label: string) => {
    if (res.status >= 500) throw new Error(`${label}: ${res.status} ${res.text.slice(0, 300)}`);
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) throw new Error(`${label}: ${res.status} answered as ${res.headers['content-type']}`);
      if (/\n\s+at |node_modules|SELECT |INSERT /.test(res.text)) throw new Error(`${label}: error body leaks internals: ${res.text.slice(0, 300)}`);
      const after = await countEvents();
      if (after !== before) throw new Error(`${label}: rejected with ${res.status} but stored ${after - before} event(s)`);
    }
  };

  const send = (op: Operation, url: string, headers: Record<string, string>, body: unknown, raw?: string) => {
    let req = t.http[op.method](url);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    if (op.method === 'get' || op.method === 'delete') return req;
    if (raw !== undefined) return req.set('Content-Type', headers['Content-Type'] ?? 'application/json').send(raw);
    return req.send(body === undefined ? 'null' : JSON.stringify(body)).set('Content-Type', 'application/json');
  };

  it('never answers 5xx, rejects only with problem+json, and stores nothing when it rejects', async () => {
    const opIndex = fc.integer({ min: 0, max: 1_000_000 });
    await fc.assert(
      fc.asyncProperty(
        opIndex.chain((i) => {
          const op = operations[i % operations.length];
          const segments = op.path.match(/\{[^}]+\}/g) ?? [];
          return fc.record({
            op: fc.constant(op),
            segments: fc.array(hostileSegment, { minLength: segments.length, maxLength: segments.length }),
            body: bodyFor(op.bodySchema),
            query: fc.dictionary(fc.oneof(fc.constantFrom(...(op.query.length ? op.query : ['x'])), fc.string({ maxLength: 10 })), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e9', '2025-13-01', 'csv', 'x'.repeat(3000))), { maxKeys: 3 }),
            token: fc.constantFrom(...tokens),
            ifMatch: fc.option(headerText, { nil: undefined }),
            idempotencyKey: fc.option(headerText, { nil: undefined }),
            toelichting: fc.option(headerText, { nil: undefined }),
          });
        }),
        async ({ op, segments, body, query, token, ifMatch, idempotencyKey, toelichting }) => {
          let i = 0;
          const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++]);
          const qs = new URLSearchParams(query).toString();
          const url = `/api/v1${path}${qs ? `?${qs}` : ''}`;
          const headers: Record<string, string> = {};
          if (token) headers.Authorization = token;
          if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
          if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
          if (toelichting !== undefined) headers['X-Audit-Toelichting'] = toelichting;
          const before = await countEvents();
          const res = await send(op, url, headers, body);
          await check(res, before, `${op.method.toUpperCase()} ${url.slice(0, 200)} ${JSON.stringify(body)?.slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);

  it('answers broken JSON, wrong content types and hostile raw bodies with a 4xx problem and stores nothing', async () => {
    const writes = () => operations.filter((op) => op.method === 'post' || op.method === 'put');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.json().map((s) => s.slice(0, Math.max(1, s.length - 1))),
          fc.constantFrom('{', '{"a":', '[1,2', '{"titel": "x",}', '\u0000', '{"a":1}{"b":2}', 'true', '"tekst"', '1e999999', '{"__proto__": {"isAdmin": true}}', `${'['.repeat(5000)}`),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/merge-patch+json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'),
        fc.constantFrom(...tokens.slice(0, 3)),
        async (i, raw, contentType, token) => {
          const ops = writes();
          const op = ops[i % ops.length];
          const url = `/api/v1${op.path.replace(/\{[^}]+\}/g, '0b6b8c9e-1111-4a4a-9c9c-000000000001')}`;
          const before = await countEvents();
          const res = await send(op, url, { Authorization: token!, 'Content-Type': contentType }, undefined, raw);
          await check(res, before, `${op.method.toUpperCase()} ${url} ${contentType} ${JSON.stringify(raw).slice(0, 100)}`);
        },
      ),
      { numRuns: RAW_RUNS, endOnFailure: true },
    );
  }, 60_000);
});
