import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createPostgresDatabase, PostgresDatabase } from '../../libs/database/src';
import { backendsOf, cpuSnapshot, postgresPerOpBy } from './cpu';
import { PG_PORT, urlFor } from './pg';

describe('PostgreSQL CPU by the process it served (real server)', () => {
  let db: PostgresDatabase;
  beforeAll(async () => {
    db = createPostgresDatabase({ connectionString: urlFor('postgres'), max: 1 });
    await db.query('SELECT 1'); // fails the suite loudly when the server is not there
  });
  afterAll(() => db.close());

  it('finds the backend of another process by its connection and gives it the CPU its queries took', async () => {
    // A process of its own that holds one connection, makes the server work, says so and waits.
    const script = `
      const { Client } = require('pg');
      const client = new Client({ connectionString: process.argv[1], application_name: 'kf-cpu-spec' });
      client.connect()
        .then(async () => { for (let i = 0; i < 3; i++) await client.query('SELECT count(*) FROM generate_series(1, 2000000)'); })
        .then(() => process.stdout.write('done\\n'), (e) => { process.stderr.write(String(e)); process.exit(1); });
      setTimeout(() => process.exit(0), 30000);`;
    const before = cpuSnapshot();
    const child = spawn(process.execPath, ['-e', script, urlFor('postgres')], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => String(chunk).includes('done') && resolve());
        child.on('exit', (code) => reject(new Error(`child ended with ${code}`)));
      });
      const after = cpuSnapshot();
      const backends = await backendsOf(db, { child: child.pid! }, PG_PORT);
      const { rows } = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'kf-cpu-spec'");
      expect(backends).toEqual({ child: [rows[0].pid] });
      // One "operation": the three counts took the server tens of milliseconds at least, nearly all in that backend.
      const by = postgresPerOpBy(before, after, 1, backends);
      expect(by.child).toBeGreaterThan(30_000);
      expect(by.child).toBeGreaterThan(by.other);
    } finally {
      child.kill();
    }
  });
});

describe('the event loop\'s wait for a core (this machine\'s /proc)', () => {
  it('sees busy processes wait for a core when there are more of them than cores', async () => {
    const spin = () => spawn(process.execPath, ['-e', 'const end = Date.now() + 1500; while (Date.now() < end);'], { stdio: 'ignore' });
    const children = Array.from({ length: availableParallelism() + 1 }, spin);
    try {
      const pids = children.map((c) => c.pid!);
      const before = cpuSnapshot(pids);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const after = cpuSnapshot(pids);
      const waited = pids.map((pid) => after.waits[pid] - before.waits[pid]);
      // One process more than there are cores, all busy: together they waited a good part of the 800 ms.
      expect(waited.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    } finally {
      await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(undefined) : c.once('exit', resolve)))));
    }
  });
});
