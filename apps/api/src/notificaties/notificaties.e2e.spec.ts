import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KaderflowWorker } from '../../../../libs/jobs/src';
import { WebhookPolicy } from '../../../../libs/notifications/src';
import { configFromEnv } from '../../../../libs/runtime/src';
import { createTestApp, TestApp } from '../../../../test/support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

const LOKAAL: WebhookPolicy = { allowHttp: true, allowPrivate: true };

const eventually = async (check: () => Promise<boolean>, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('callback addresses of abonnementen with the default configuration', () => {
  let t: TestApp;
  let beheerder: string;
  beforeAll(async () => {
    t = await createTestApp();
    // The default configuration, whatever this shell exports.
    t.runtime.config.webhooks = configFromEnv({}).webhooks;
    beheerder = `Bearer ${await t.token('beheerder')}`;
  });
  afterAll(() => t.close());

  const maak = (callbackUrl: string) => t.http.post('/api/v1/abonnementen').set('Authorization', beheerder).send({ callbackUrl, kanalen: [{ naam: 'kaders' }] });

  it('refuses a callback on 127.0.0.1 with a field error on callbackUrl, and stores nothing', async () => {
    const res = await maak('http://127.0.0.1:8080/hook').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.fouten).toEqual([{ veld: 'callbackUrl', melding: 'callbackUrl moet met https:// beginnen' }]);
    const https = await maak('https://127.0.0.1:8443/hook').expect(400);
    expect(https.body.fouten).toEqual([{ veld: 'callbackUrl', melding: expect.stringMatching(/127\.0\.0\.1, een loopback-adres/) }]);
    const lijst = await t.http.get('/api/v1/abonnementen').set('Authorization', beheerder).expect(200);
    expect(lijst.body).toEqual([]);
  });

  it.each(['https://169.254.169.254/latest/meta-data', 'https://[::ffff:10.0.0.1]/hook', 'https://localhost/hook', 'https://[fd00::1]/hook'])(
    'refuses %s as not public', async (url) => {
      const res = await maak(url).expect(400);
      expect(res.body.fouten[0]).toEqual({ veld: 'callbackUrl', melding: expect.stringMatching(/alleen openbare adressen zijn toegestaan/) });
    });
});

describe('abonnementen, afleveringen, herinneringen and the agenda over HTTP (embedded, in-process worker)', () => {
  let t: TestApp;
  let worker: KaderflowWorker;
  let server: Server;
  let callback: string;
  const received: Array<{ body: string; signature?: string }> = [];
  let beheerder: string;
  let directeur: string;
  let projectleider: string;
  let lezer: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-03T07:00:00.000Z' });
    // The receiver below is http on 127.0.0.1: allowed here explicitly, as WEBHOOK_ALLOW_HTTP/PRIVATE would.
    t.runtime.config.webhooks = LOKAAL;
    worker = await KaderflowWorker.create({
      db: t.runtime.db, store: t.runtime.store, clock: () => t.runtime.config.clock(), baseUrl: 'http://localhost:3000/api/v1', pollMs: 20,
      webhookRetry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 50, jitter: 0 }, webhookPolicy: LOKAAL,
    });
    worker.start();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: req.headers['kaderflow-signature'] as string });
        res.statusCode = req.url === '/weg' ? 410 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    beheerder = `Bearer ${await t.token('beheerder')}`;
    directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    projectleider = `Bearer ${await t.token('projectleider')}`;
    lezer = `Bearer ${await t.token('lezer')}`;
  });
  afterAll(async () => {
    await worker.stop();
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('lists the kanalen without a token', async () => {
    const res = await t.http.get('/api/v1/kanalen').expect(200);
    expect(res.body.map((k: { naam: string }) => k.naam)).toEqual(expect.arrayContaining(['kaders', 'mijlpalen', 'werkgroepen']));
  });

  it('refuses abonnementen from a lezer and invalid callback addresses', async () => {
    const body = { callbackUrl: `${callback}/ok`, kanalen: [{ naam: 'kaders' }] };
    const denied = await t.http.post('/api/v1/abonnementen').set('Authorization', lezer).send(body).expect(403);
    expect(denied.body.detail).toMatch(/beheerder/);
    const invalid = await t.http.post('/api/v1/abonnementen').set('Authorization', beheerder).send({ callbackUrl: 'ftp://x', kanalen: [{ naam: 'kaders' }] }).expect(400);
    expect(JSON.stringify(invalid.body.fouten)).toMatch(/callbackUrl/);
    await t.http.post('/api/v1/abonnementen').set('Authorization', beheerder).send({ callbackUrl: `${callback}/ok`, kanalen: [{ naam: 'weer' }] }).expect(400);
  });

  it('delivers a signed notification when a kader starts and shows the delivery; a 4xx receiver is dead-lettered at once', async () => {
    const created = await t.http.post('/api/v1/abonnementen').set('Authorization', beheerder)
      .send({ callbackUrl: `${callback}/ok`, ondertekeningsgeheim: 'gedeeld-geheim-van-de-test', kanalen: [{ naam: 'kaders', filters: { eventType: 'KaderGestart' } }] }).expect(201);
    expect(created.headers.location).toBe(created.body.url);
    expect(created.body).toEqual(expect.objectContaining({ ondertekend: true, callbackUrl: `${callback}/ok` }));
    expect(JSON.stringify(created.body)).not.toMatch(/gedeeld-geheim/);
    const weg = await t.http.post('/api/v1/abonnementen').set('Authorization', beheerder)
      .send({ callbackUrl: `${callback}/weg`, kanalen: [{ naam: 'kaders' }] }).expect(201);

    const kader = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    const afleveringen = (id: string) => t.http.get(`/api/v1/abonnementen/${id}/afleveringen`).set('Authorization', beheerder).expect(200).then((r) => r.body);
    await eventually(async () => (await afleveringen(created.body.id))[0]?.status === 'afgeleverd', 'delivery');
    const [aflevering] = await afleveringen(created.body.id);
    expect(aflevering).toEqual(expect.objectContaining({ status: 'afgeleverd', pogingen: 1, httpStatus: 204 }));
    expect(aflevering.notificatie).toEqual(expect.objectContaining({ kanaal: 'kaders', hoofdObject: `http://localhost:3000/api/v1/kaders/${kader.body.kaderId}` }));
    expect(received.some((r) => r.signature?.startsWith('t='))).toBe(true);

    await eventually(async () => (await afleveringen(weg.body.id))[0]?.status === 'opgegeven', 'dead letter');
    expect((await afleveringen(weg.body.id))[0]).toEqual(expect.objectContaining({ pogingen: 1, httpStatus: 410 }));

    await t.http.delete(`/api/v1/abonnementen/${weg.body.id}`).set('Authorization', beheerder).expect(204);
    await t.http.get(`/api/v1/abonnementen/${weg.body.id}`).set('Authorization', beheerder).expect(404);
    const lijst = await t.http.get('/api/v1/abonnementen').set('Authorization', beheerder).expect(200);
    expect(lijst.body.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
  });

  it('records the reminder of a mijlpaal that falls due and shows it on the kader', async () => {
    const kader = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    const kaderId = kader.body.kaderId;
    // Today 2026-03-03 07:00 is exactly seven days before the deadline: the first reminder is due now.
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel: 'Concept naar het directeurenoverleg', fase: 'opdracht', deadline: '2026-03-10', eigenaar: 'projectleider' }).expect(201);
    const herinneringen = () => t.http.get(`/api/v1/kaders/${kaderId}/herinneringen`).set('Authorization', lezer).expect(200).then((r) => r.body);
    await eventually(async () => (await herinneringen()).length === 1, 'reminder');
    expect((await herinneringen())[0]).toEqual(expect.objectContaining({
      soortBericht: 'HerinneringVerstuurd', soort: 'mijlpaal', titel: 'Concept naar het directeurenoverleg', deadline: '2026-03-10', doelgroep: 'eigenaar',
    }));
  });

  it('serves the agenda only with the secret sleutel, as text/calendar with the mijlpalen', async () => {
    const kader = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    const kaderId = kader.body.kaderId;
    const mijlpaal = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel: 'Startnotitie vastgesteld', fase: 'opdracht', deadline: '2026-04-15', eigenaar: 'projectleider' }).expect(201);
    await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${mijlpaal.body.positie}`).set('Authorization', lezer).expect(200);

    await t.http.post(`/api/v1/kaders/${kaderId}/agendasleutels`).expect(401);
    const sleutel = await t.http.post(`/api/v1/kaders/${kaderId}/agendasleutels`).set('Authorization', lezer).expect(201);
    expect(sleutel.body.agendaUrl).toContain(`/kaders/${kaderId}/agenda.ics?sleutel=`);

    const zonder = await t.http.get(`/api/v1/kaders/${kaderId}/agenda.ics`).expect(401);
    expect(zonder.body.detail).toMatch(/sleutel/);
    await t.http.get(`/api/v1/kaders/${kaderId}/agenda.ics?sleutel=verkeerd`).expect(401);
    const other = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    await t.http.get(`/api/v1/kaders/${other.body.kaderId}/agenda.ics?sleutel=${sleutel.body.sleutel}`).expect(401);

    const feed = await t.http.get(`/api/v1/kaders/${kaderId}/agenda.ics?sleutel=${sleutel.body.sleutel}`).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain('SUMMARY:Mijlpaal: Startnotitie vastgesteld');
    expect(feed.text).toContain('DTSTART;VALUE=DATE:20260415');
  });

  it('exposes Prometheus metrics including command latency, projection lag and the api process\'s own figures', async () => {
    const res = await t.http.get('/api/v1/metrics').expect(200);
    expect(res.text).toContain('kaderflow_command_duration_seconds_count');
    expect(res.text).toMatch(/kaderflow_projection_lag_events\{projection="kader-status",service="api"\} \d+/);
    expect(res.text).toContain('kaderflow_append_duration_seconds');
    // The api process's own figures, as the projector and worker give theirs: an operator sees a stalled event loop or a long GC here.
    expect(res.text).toMatch(/nodejs_eventloop_lag_p99_seconds\{service="api"\} \d/);
    expect(res.text).toMatch(/process_cpu_seconds_total\{service="api"\} \d/);
    expect(res.text).toContain('nodejs_gc_duration_seconds_bucket');
  });

  it('answers the readiness probe', async () => {
    const res = await t.http.get('/api/v1/gezondheid/gereed').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });
});
