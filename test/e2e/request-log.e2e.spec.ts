import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig } from '../../libs/auth/src';
import { appendDuration, commandDuration, createRuntime, Runtime } from '../../libs/runtime/src';
import { createApp } from '../../apps/api/src/create-app';
import { RequestLine } from '../../apps/api/src/gezondheid/request-log';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
const ROUTE = 'POST /api/v1/kaders/:kaderId/mijlpalen';

describe('one log line per request, and the latency of every write', () => {
  let runtime: Runtime;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const lines: RequestLine[] = [];
  const auth = localAuthConfig(generateSigningKey());
  const token = (rol: 'directeur' | 'projectleider') => issueDevToken({ sub: `sub-${rol}`, rol, organisatie: 'directeurenoverleg', ttl: '1h' }, auth);
  // The answer is sent before the line is written; wait until it is there.
  const lineFor = async (correlationId: string) => {
    for (let i = 0; i < 100; i++) {
      const line = lines.find((l) => l.correlationId === correlationId);
      if (line) return line;
      await new Promise((r) => setImmediate(r));
    }
    throw new Error(`no log line for ${correlationId}`);
  };
  const count = async (status: string) =>
    (await commandDuration.get()).values.find((v) => v.metricName?.endsWith('_count') && v.labels.route === ROUTE && v.labels.status === status)?.value ?? 0;

  beforeAll(async () => {
    runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: false, runWorker: false });
    app = await createApp(runtime, createAuthenticator(auth), { requestSink: (line) => lines.push(line) });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
  });

  it('logs a command with its route template, status, correlation id and role, and counts its latency', async () => {
    const directeur = `Bearer ${await token('directeur')}`;
    const { kaderId } = (await http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201)).body;
    const before = { created: await count('201'), invalid: await count('400') };

    await http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', `Bearer ${await token('projectleider')}`).set('X-Correlation-ID', 'log-1')
      .send({ titel: 'Plan van aanpak', fase: 'opdracht', deadline: '2026-06-01', eigenaar: 'projectleider' }).expect(201);
    expect(await lineFor('log-1')).toMatchObject({ route: ROUTE, status: 201, rol: 'projectleider' });

    await http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', directeur).set('X-Correlation-ID', 'log-2').send({ titel: '' }).expect(400);
    expect(await lineFor('log-2')).toMatchObject({ route: ROUTE, status: 400, rol: 'directeur' });
    expect(await count('201')).toBe(before.created + 1);
    expect(await count('400')).toBe(before.invalid + 1);
  });

  it('logs a request refused for want of a token with its status', async () => {
    await http.get('/api/v1/kaders').set('X-Correlation-ID', 'log-3').expect(401);
    expect(await lineFor('log-3')).toMatchObject({ route: 'GET /api/v1/kaders', status: 401 });
  });

  it('counts every append by its outcome', async () => {
    const appends = async (uitkomst: string) =>
      (await appendDuration.get()).values.find((v) => v.metricName?.endsWith('_count') && v.labels.uitkomst === uitkomst)?.value ?? 0;
    const before = { ok: await appends('ok'), fout: await appends('fout') };
    const event = { type: 'Proef', data: {}, metadata: { actor: { id: 'sub-proef', role: 'beheerder' as const }, correlationId: 'log-4' } };
    await runtime.store.appendToStream('proef-1', [event], { expectedVersion: 'no_stream' });
    await expect(runtime.store.appendToStream('proef-1', [event], { expectedVersion: 'no_stream' })).rejects.toThrow();
    expect({ ok: await appends('ok'), fout: await appends('fout') }).toEqual({ ok: before.ok + 1, fout: before.fout + 1 });
  });
});
