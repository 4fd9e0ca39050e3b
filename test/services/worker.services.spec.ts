import { execSync } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createPostgresDatabase, Database } from '../../libs/database/src';
import { createSqlEventStore, NewEvent, SqlEventStore } from '../../libs/event-store/src';
import { BullJobQueue, createAbonnement, HerinneringJobData, herinneringenStreamId, KaderflowWorker, listAfleveringen } from '../../libs/jobs/src';
import { SIGNATURE_HEADER, verifySignature } from '../../libs/notifications/src';
import { eventually, freshDatabase, REDIS_URL, requireRedis, uniquePrefix } from './support';

const meta = { actor: { id: 'test-projectleider', role: 'projectleider' }, correlationId: 'c-test' };
const KADER = '6a0e1f2c-0000-4000-8000-000000000001';
const ev = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data, metadata: meta });

const redisPort = Number(new URL(REDIS_URL).port || 6379);
const redisUp = () => {
  try {
    return execSync(`redis-cli -p ${redisPort} ping`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('PONG');
  } catch {
    return false;
  }
};
const stopRedis = () => execSync(`redis-cli -p ${redisPort} shutdown nosave || true`, { stdio: 'ignore' });
const startRedis = () => {
  if (redisUp()) return;
  execSync('mkdir -p /var/lib/redis /var/log/redis');
  execSync(`redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${redisPort} --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log`);
};

describe('worker on PostgreSQL and Redis', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Database;
  let store: SqlEventStore;
  let worker: KaderflowWorker;
  let now: Date;
  const clock = () => now;

  beforeAll(async () => {
    await requireRedis();
  });

  beforeEach(async () => {
    ({ url, drop } = await freshDatabase());
    db = createPostgresDatabase(url);
    store = await createSqlEventStore(db, { notify: false, clock });
  });

  afterEach(async () => {
    startRedis();
    await worker?.stop();
    await db.close();
    await drop();
  });

  async function startWorker(extra: Partial<Parameters<typeof KaderflowWorker.create>[0]> = {}) {
    // The test receivers are http on 127.0.0.1: allowed explicitly, as WEBHOOK_ALLOW_HTTP/PRIVATE would.
    worker = await KaderflowWorker.create({
      db, store, clock, baseUrl: 'http://kaderflow.test/api/v1', redisUrl: REDIS_URL, prefix: uniquePrefix(), pollMs: 50,
      webhookPolicy: { allowHttp: true, allowPrivate: true }, ...extra,
    });
    worker.start();
    return worker;
  }

  const recorded = async () => (await store.readStream(herinneringenStreamId(KADER))).map((e): Record<string, string> => ({ type: e.type, ...(e.data as Record<string, string>) }));
  const queue = () => worker.herinneringen as BullJobQueue<HerinneringJobData>;

  it('given a mijlpaal, when its reminder is due, it is moved and then overdue, then reminders and escalations follow the deadline', async () => {
    now = new Date('2026-03-03T07:00:00.000Z');
    await startWorker();
    await store.appendToStream(`kader-${KADER}`, [ev('MijlpaalGepland', {
      kaderId: KADER, mijlpaalId: 'm-1', titel: 'Concept naar directeurenoverleg', fase: 'concept', deadline: '2026-03-10', eigenaar: 'projectleider', geplandOp: now.toISOString(),
    })], { expectedVersion: 'any' });

    await eventually(async () => (await recorded()).length === 1, 15_000, 'the P7D reminder');
    expect(await recorded()).toEqual([expect.objectContaining({ type: 'HerinneringVerstuurd', itemId: 'm-1', doelgroep: 'eigenaar', deadline: '2026-03-10' })]);
    expect(await queue().state('mijlpaal:m-1:2026-03-10:herinnering:P1D')).toBe('delayed');

    await store.appendToStream(`kader-${KADER}`, [ev('MijlpaalVerschoven', {
      kaderId: KADER, mijlpaalId: 'm-1', oudeDeadline: '2026-03-10', nieuweDeadline: '2026-03-20', reden: 'Later overleg', verschovenOp: now.toISOString(),
    })], { expectedVersion: 'any' });
    await eventually(async () => (await queue().state('mijlpaal:m-1:2026-03-20:escalatie:P0D:pt-mz-hr')) === 'delayed', 15_000, 'rescheduled');
    expect(await queue().state('mijlpaal:m-1:2026-03-10:herinnering:P1D')).toBeUndefined();
    expect(await queue().state('mijlpaal:m-1:2026-03-10:escalatie:P0D:pt-mz-hr')).toBeUndefined();

    // The first day past the new deadline: escalation to the programmateam; the stale reminders are dropped.
    now = new Date('2026-03-21T07:00:00.000Z');
    await queue().promoteDue();
    await eventually(async () => (await recorded()).some((r) => r.type === 'EscalatieVerstuurd'), 15_000, 'first escalation');
    await new Promise((r) => setTimeout(r, 500));
    expect((await recorded()).map((r) => `${r.type}:${r.doelgroep}:${r.deadline}`)).toEqual([
      'HerinneringVerstuurd:eigenaar:2026-03-10',
      'EscalatieVerstuurd:pt-mz-hr:2026-03-20',
    ]);

    // A week later still not achieved: the directeurenoverleg.
    now = new Date('2026-03-28T07:00:00.000Z');
    await queue().promoteDue();
    await eventually(async () => (await recorded()).length === 3, 15_000, 'second escalation');
    expect((await recorded())[2]).toEqual(expect.objectContaining({ type: 'EscalatieVerstuurd', doelgroep: 'directeurenoverleg' }));
  });

  it('given a mijlpaal planned the day before its deadline, when the worker plans it, then one reminder is sent, not every missed one', async () => {
    now = new Date('2026-03-09T08:00:00.000Z');
    await startWorker();
    await store.appendToStream(`kader-${KADER}`, [ev('MijlpaalGepland', {
      kaderId: KADER, mijlpaalId: 'm-3', titel: 'Laat gepland', fase: 'concept', deadline: '2026-03-10', eigenaar: 'projectleider', geplandOp: now.toISOString(),
    })], { expectedVersion: 'any' });
    await eventually(async () => (await recorded()).length >= 1, 15_000, 'a reminder');
    await new Promise((r) => setTimeout(r, 500));
    expect((await recorded()).map((r) => r.jobId)).toEqual(['mijlpaal:m-3:2026-03-10:herinnering:P1D']);
  });

  it('given an actiepunt that is finished, when its deadline passes, then nothing is sent', async () => {
    now = new Date('2026-04-01T07:00:00.000Z');
    await startWorker();
    const werkgroep = { werkgroepId: 'wg-1', kaderId: KADER, actiepuntId: 'a-1' };
    await store.appendToStream('werkgroep-wg-1', [
      ev('ActiepuntAangemaakt', { ...werkgroep, omschrijving: 'Zienswijzen bundelen', eigenaar: { rol: 'beleidsmedewerker' }, deadline: '2026-04-30', aangemaaktOp: now.toISOString() }),
    ], { expectedVersion: 'any' });
    await eventually(async () => (await queue().state('actiepunt:a-1:2026-04-30:herinnering:P7D')) === 'delayed', 15_000, 'planned');
    await store.appendToStream('werkgroep-wg-1', [ev('ActiepuntGereed', { ...werkgroep, gereedOp: now.toISOString() })], { expectedVersion: 'any' });
    await eventually(async () => (await queue().state('actiepunt:a-1:2026-04-30:herinnering:P7D')) === undefined, 15_000, 'cancelled');
    expect(await queue().state('actiepunt:a-1:2026-04-30:escalatie:P0D:pt-mz-hr')).toBeUndefined();
    now = new Date('2026-05-10T07:00:00.000Z');
    await queue().promoteDue();
    await new Promise((r) => setTimeout(r, 500));
    expect(await recorded()).toEqual([]);
  });

  it('given Redis stops mid-run, when a mijlpaal is planned meanwhile, then its reminder is sent once Redis is back', async () => {
    now = new Date('2026-03-03T07:00:00.000Z');
    await startWorker();
    await store.appendToStream(`kader-${KADER}`, [ev('KaderGestart', { kaderId: KADER, titel: 'Test', fase: 'opdracht' })], { expectedVersion: 'any' });
    const feed = worker.feeds.find((f) => f.name === 'herinneringen')!;
    await eventually(() => feed.checkpoint() === 1, 10_000, 'feed at 1');

    stopRedis();
    try {
      await eventually(() => !redisUp(), 5_000, 'redis down');
      await store.appendToStream(`kader-${KADER}`, [ev('MijlpaalGepland', {
        kaderId: KADER, mijlpaalId: 'm-2', titel: 'Startnotitie', fase: 'opdracht', deadline: '2026-03-10', eigenaar: 'projectleider', geplandOp: now.toISOString(),
      })], { expectedVersion: 'any' });
      await new Promise((r) => setTimeout(r, 1500));
      // Redis did not take the jobs: the checkpoint must not have moved past the new event.
      expect(feed.checkpoint()).toBe(1);
      expect((await worker.status()).wachtrijBereikbaar).toBe(false);
    } finally {
      startRedis();
    }
    await eventually(async () => (await recorded()).length === 1, 30_000, 'reminder after Redis returned');
    // Past the mijlpaal (2), and past the reminder event it caused (3).
    expect(feed.checkpoint()).toBeGreaterThanOrEqual(2);
    expect((await recorded())[0]).toEqual(expect.objectContaining({ type: 'HerinneringVerstuurd', itemId: 'm-2' }));
  });

  describe('webhooks', () => {
    let server: Server;
    let base: string;
    const received: Array<{ path: string; body: string; signature?: string; delivery?: string }> = [];
    let flakyFailures = 0;

    beforeEach(async () => {
      received.length = 0;
      flakyFailures = 0;
      server = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({ path: req.url ?? '', body, signature: req.headers['kaderflow-signature'] as string, delivery: req.headers['kaderflow-delivery'] as string });
          if (req.url === '/altijd-fout') { res.statusCode = 503; return res.end(); }
          if (req.url === '/eerst-fout' && flakyFailures < 2) { flakyFailures++; res.statusCode = 500; return res.end(); }
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await new Promise((r) => server.close(r));
    });

    it('given a receiver that fails twice, when a kader starts, then the signed notification is retried until delivered', async () => {
      now = new Date('2026-03-03T07:00:00.000Z');
      await startWorker({ webhookRetry: { attempts: 4, baseDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
      await createAbonnement(db, { id: '11111111-1111-4111-8111-111111111111', callbackUrl: `${base}/eerst-fout`, signingSecret: 'geheim-van-de-test',
        kanalen: [{ naam: 'kaders', filters: {} }], aangemaaktOp: now.toISOString() });
      await store.appendToStream(`kader-${KADER}`, [ev('KaderGestart', { kaderId: KADER, titel: 'Test', fase: 'opdracht' })], { expectedVersion: 'any' });

      await eventually(async () => (await listAfleveringen(db, '11111111-1111-4111-8111-111111111111'))[0]?.status === 'afgeleverd', 15_000, 'delivered');
      const [aflevering] = await listAfleveringen(db, '11111111-1111-4111-8111-111111111111');
      expect(aflevering.pogingen).toBe(3);
      expect(received).toHaveLength(3);
      expect(new Set(received.map((r) => r.delivery)).size).toBe(1);
      const last = received[2];
      expect(verifySignature('geheim-van-de-test', last.body, last.signature, { now: Math.floor(now.getTime() / 1000) })).toEqual({ valid: true, timestamp: Math.floor(now.getTime() / 1000) });
      expect(JSON.parse(last.body)).toEqual(expect.objectContaining({ kanaal: 'kaders', actie: 'create', hoofdObject: `http://kaderflow.test/api/v1/kaders/${KADER}` }));
      expect(SIGNATURE_HEADER).toBe('Kaderflow-Signature');
    });

    it('given a receiver that always fails, when the tries are used up, then the delivery is dead-lettered and shows why', async () => {
      now = new Date('2026-03-03T07:00:00.000Z');
      await startWorker({ webhookRetry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
      await createAbonnement(db, { id: '22222222-2222-4222-8222-222222222222', callbackUrl: `${base}/altijd-fout`,
        kanalen: [{ naam: 'kaders', filters: {} }], aangemaaktOp: now.toISOString() });
      await store.appendToStream(`kader-${KADER}`, [ev('KaderGestart', { kaderId: KADER, titel: 'Test', fase: 'opdracht' })], { expectedVersion: 'any' });

      await eventually(async () => (await listAfleveringen(db, '22222222-2222-4222-8222-222222222222'))[0]?.status === 'opgegeven', 15_000, 'dead letter');
      await new Promise((r) => setTimeout(r, 500));
      const [aflevering] = await listAfleveringen(db, '22222222-2222-4222-8222-222222222222');
      expect(aflevering).toEqual(expect.objectContaining({ status: 'opgegeven', pogingen: 3, httpStatus: 503, laatsteFout: 'Callback antwoordde met HTTP 503' }));
      expect(received).toHaveLength(3);
    });

    it('given a callback name that now resolves to the local receiver, when a kader starts, then nothing is sent and the delivery is given up at once', async () => {
      now = new Date('2026-03-03T07:00:00.000Z');
      const port = new URL(base).port;
      await startWorker({ webhookPolicy: { allowHttp: false, allowPrivate: false }, resolveHost: async () => ['127.0.0.1'], webhookRetry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
      await createAbonnement(db, { id: '33333333-3333-4333-8333-333333333333', callbackUrl: `https://ontvanger.gemeente.example:${port}/ok`,
        kanalen: [{ naam: 'kaders', filters: {} }], aangemaaktOp: now.toISOString() });
      await store.appendToStream(`kader-${KADER}`, [ev('KaderGestart', { kaderId: KADER, titel: 'Test', fase: 'opdracht' })], { expectedVersion: 'any' });

      await eventually(async () => (await listAfleveringen(db, '33333333-3333-4333-8333-333333333333'))[0]?.status === 'opgegeven', 15_000, 'given up');
      await new Promise((r) => setTimeout(r, 300));
      const [aflevering] = await listAfleveringen(db, '33333333-3333-4333-8333-333333333333');
      expect(aflevering).toEqual(expect.objectContaining({ status: 'opgegeven', pogingen: 1, httpStatus: null,
        laatsteFout: 'callbackUrl wijst naar ontvanger.gemeente.example (127.0.0.1), een loopback-adres (de server zelf); alleen openbare adressen zijn toegestaan' }));
      expect(received).toHaveLength(0);
    });
  });
});
