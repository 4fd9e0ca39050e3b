import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig } from '../../libs/auth/src';
import { createRuntime, Runtime } from '../../libs/runtime/src';
import { createApp } from '../../apps/api/src/create-app';
import { freshDatabase } from './support';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

describe('two api copies and a separate projector on one PostgreSQL', () => {
  let drop: () => Promise<void>;
  const runtimes: Runtime[] = [];
  const apps: INestApplication[] = [];
  let a: ReturnType<typeof request>;
  let b: ReturnType<typeof request>;
  let directeur: string;
  let projectleider: string;

  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    const auth = localAuthConfig(generateSigningKey());
    const clock = () => new Date('2026-03-03T09:00:00.000Z');
    // The projector service first (it creates the read-model tables), then two api copies without projector or worker.
    runtimes.push(await createRuntime({ databaseUrl: db.url, runProjector: true, runWorker: false, clock }));
    for (let i = 0; i < 2; i++) {
      const runtime = await createRuntime({ databaseUrl: db.url, runProjector: false, runWorker: false, clock });
      runtimes.push(runtime);
      apps.push(await createApp(runtime, createAuthenticator(auth)));
    }
    a = request(apps[0].getHttpServer());
    b = request(apps[1].getHttpServer());
    directeur = `Bearer ${await issueDevToken({ sub: 'test-directeur', rol: 'directeur', organisatie: 'directeurenoverleg', ttl: '1h' }, auth)}`;
    projectleider = `Bearer ${await issueDevToken({ sub: 'test-projectleider', rol: 'projectleider', ttl: '1h' }, auth)}`;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const runtime of runtimes.reverse()) await runtime.close();
    await drop();
  });

  it('given a write through one copy, when the other reads with naPositie, then it waits for the projector and sees it', async () => {
    const started = await a.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    const read = await b.get(`/api/v1/kaders/${started.body.kaderId}?naPositie=${started.body.positie}`).set('Authorization', directeur).expect(200);
    expect(read.body.kaderId).toBe(started.body.kaderId);
  });

  it('given many mijlpalen planned on one kader at the same moment through both copies, then every one is recorded, none refused as changed at the same time', async () => {
    const { kaderId } = (await a.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201)).body;
    // Each copy takes its own in turn; between the copies the loser of a race decides again until the other's burst is through.
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel: `Werksessie ${i + 1}`, fase: 'opdracht', deadline: '2026-09-01', eigenaar: 'projectleider' })));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(answers.map((r) => r.body.versie).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect((await runtimes[1].store.readStream(`kader-${kaderId}`)).filter((e) => e.type === 'MijlpaalGepland')).toHaveLength(40);
  });

  it('given a transaction open elsewhere on the server, when a client reads after its own write, then it is told to wait, not that its position does not exist', async () => {
    const elsewhere = await freshDatabase();
    const { Client } = await import('pg');
    const open = new Client({ connectionString: elsewhere.url });
    await open.connect();
    try {
      // An older transaction id, still running: no reader may be given anything written after it.
      await open.query('BEGIN');
      await open.query('SELECT pg_current_xact_id()');
      const started = await a.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
      expect(await runtimes[1].store.headPosition()).toBeLessThan(started.body.positie);
      const waiting = await b.get(`/api/v1/kaders/${started.body.kaderId}?naPositie=${started.body.positie}`).set('Authorization', directeur);
      expect(waiting.status).toBe(503);
      expect(waiting.headers['retry-after']).toBe('1');
      await open.query('COMMIT');
      await b.get(`/api/v1/kaders/${started.body.kaderId}?naPositie=${started.body.positie}`).set('Authorization', directeur).expect(200);
      // A position nobody was given is still refused at once.
      await b.get(`/api/v1/kaders/${started.body.kaderId}?naPositie=${started.body.positie + 1000}`).set('Authorization', directeur).expect(400);
    } finally {
      await open.end();
      await elsewhere.drop();
    }
  });

  it('given two copies change one kader at once with the same If-Match, then exactly one succeeds and the other gets 412', async () => {
    const started = await a.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    const kaderId = started.body.kaderId;
    const plan = (client: ReturnType<typeof request>, titel: string) => client.post(`/api/v1/kaders/${kaderId}/mijlpalen`)
      .set('Authorization', projectleider).set('If-Match', '"1"').send({ titel, fase: 'opdracht', deadline: '2026-06-01', eigenaar: 'projectleider' });
    const results = await Promise.all([plan(a, 'Eerste mijlpaal'), plan(b, 'Tweede mijlpaal'), plan(a, 'Derde mijlpaal'), plan(b, 'Vierde mijlpaal')]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 412, 412, 412]);
    const events = await runtimes[1].store.readStream(`kader-${kaderId}`);
    expect(events.map((e) => e.type)).toEqual(['KaderGestart', 'MijlpaalGepland']);
  });
});
