import 'reflect-metadata';
import { createRuntime, enableDefaultMetrics, log, startServiceHealth, stopOnSignal } from '../../../libs/runtime/src';

/**
 * The worker service: reminders, escalations and webhook deliveries. With REDIS_URL the jobs run on
 * BullMQ (several copies share the queues); without it an in-process runner stands in.
 */
async function main() {
  if (!process.env.DATABASE_URL) {
    // The embedded store lives in one process: run everything together with `npm start` instead.
    throw new Error('DATABASE_URL ontbreekt. De losse worker heeft PostgreSQL nodig; zonder PostgreSQL start u alles in een proces met `npm start`.');
  }
  enableDefaultMetrics('worker');
  const runtime = await createRuntime({ runProjector: false, runWorker: true });
  const worker = runtime.worker!;
  if (!runtime.config.redisUrl) log('REDIS_URL ontbreekt: de worker gebruikt de wachtrij in dit proces', { service: 'worker', level: 'warn' });
  const timer = setInterval(() => worker.status().catch(() => undefined), 5000);
  const health = await startServiceHealth({
    service: 'worker',
    port: runtime.config.workerPort,
    liveness: { worker: async () => ({ up: true }) },
    readiness: {
      database: async () => { await runtime.db.query('SELECT 1'); return { up: true }; },
      wachtrij: async () => {
        const status = await worker.status();
        return { up: status.wachtrijBereikbaar, details: { ...status } };
      },
    },
  });
  log('worker gestart', { service: 'worker', port: runtime.config.workerPort, opslag: runtime.db.kind, wachtrij: runtime.config.redisUrl ? 'redis' : 'in-proces' });

  stopOnSignal('worker', 'worker stopt: lopende taken worden afgemaakt', async () => {
    clearInterval(timer);
    await health.close();
    await runtime.close();
  });
}

main().catch((error) => {
  process.stderr.write(`De worker kon niet starten: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
