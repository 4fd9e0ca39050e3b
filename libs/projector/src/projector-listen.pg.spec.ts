import { createTestSchema } from '../../event-store/src/test-support';
import { SqlEventStore } from '../../event-store/src';
import { Projector, ProjectorTimers } from './projector';
import { tellingProjection } from './test-support';

const meta = { actor: { id: 'test-rol', role: 'projectleider' }, correlationId: 'c' };

const telling = tellingProjection(1, 'telling_listen');

// Timers that never fire: a poll or a waitFor tick can not be what moves things on here.
const stillTimers: ProjectorTimers = { after: () => () => undefined };

describe('projector and api in separate processes on PostgreSQL: LISTEN instead of polls', () => {
  let env: Awaited<ReturnType<typeof createTestSchema>>;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    env = await createTestSchema('pj_listen');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await env.drop();
  });

  it('given an idle projector, when another process appends, then it projects without waiting for its poll, and a waiting reader there hears of it', async () => {
    const channel = env.schema;
    // The projector service: its own store and projector, running.
    const projectorStore = new SqlEventStore(env.db, { notifyChannel: channel });
    await projectorStore.migrate();
    const running = new Projector(env.db, projectorStore, [telling], { eventsChannel: channel, timers: stillTimers, pollMs: 60_000 });
    await running.migrate();
    running.start();
    stops.push(() => running.stop());
    // The api copy: appends, does not project, waits for the projector on naPositie.
    const apiStore = new SqlEventStore(env.db, { notifyChannel: channel });
    const reader = new Projector(env.db, apiStore, [telling], { eventsChannel: channel, timers: stillTimers });
    stops.push(() => reader.stop());
    for (let i = 0; i < 100 && running.status()[0]?.actief !== true; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // the loop reads nothing and goes to sleep on its (never ending) poll

    const written = await apiStore.appendToStream('teller-1', [{ type: 'Geteld', data: {}, metadata: meta }], { expectedVersion: 'no_stream' });
    expect(await reader.waitFor(written.lastPosition, 5_000)).toBe(true);
    expect(running.position()).toBeGreaterThanOrEqual(written.lastPosition);
    const { rows } = await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_telling_listen');
    expect(rows[0].n).toBe(1);
  });
});
