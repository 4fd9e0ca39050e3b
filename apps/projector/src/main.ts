import 'reflect-metadata';
import { createRuntime, enableDefaultMetrics, log, projectionLag, startServiceHealth, stopOnSignal } from '../../../libs/runtime/src';

/** Lag above this many events makes the projector not ready (PROJECTOR_MAX_LAG). */
const maxLag = Number(process.env.PROJECTOR_MAX_LAG ?? 10_000);

/**
 * The projector service: keeps the read models up to date. Run several copies for fail-over; on
 * PostgreSQL one copy is active per projection, the others take over when it stops.
 */
async function main() {
  if (!process.env.DATABASE_URL) {
    // The embedded store lives in one process: run everything together with `npm start` instead.
    throw new Error('DATABASE_URL ontbreekt. De losse projector heeft PostgreSQL nodig; zonder PostgreSQL start u alles in een proces met `npm start`.');
  }
  enableDefaultMetrics('projector');
  const runtime = await createRuntime({ runProjector: true, runWorker: false });
  const { projector } = runtime;
  let lag: Record<string, number> = {};
  const measure = async () => {
    lag = await projector.lag();
    for (const [name, value] of Object.entries(lag)) projectionLag.set({ projection: name }, value);
  };
  await measure();
  const timer = setInterval(() => measure().catch((error) => log('lag meting mislukt', { error: String(error) })), 5000);
  const health = await startServiceHealth({
    service: 'projector',
    port: runtime.config.projectorPort,
    liveness: {
      projector: async () => ({ up: true, details: { projecties: projector.status() } }),
    },
    readiness: {
      database: async () => { await runtime.db.query('SELECT 1'); return { up: true }; },
      achterstand: async () => {
        await measure();
        const actief = projector.status().filter((p) => p.actief).map((p) => p.name);
        // A standby copy is ready too: it takes over when the active one goes.
        return { up: Object.entries(lag).every(([name, value]) => !actief.includes(name) || value <= maxLag), details: { achterstand: lag, actief } };
      },
    },
  });
  log('projector gestart', { service: 'projector', port: runtime.config.projectorPort, opslag: runtime.db.kind, projecties: projector.status() });

  stopOnSignal('projector', 'projector stopt: de lopende batch wordt afgemaakt', async () => {
    clearInterval(timer);
    await health.close();
    await runtime.close();
  });
}

main().catch((error) => {
  process.stderr.write(`De projector kon niet starten: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
