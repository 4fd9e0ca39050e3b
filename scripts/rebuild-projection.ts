import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { createRuntime } from '../libs/runtime/src';

/**
 * Rebuilds one read model from the first event into a shadow table and switches over when caught up;
 * readers keep the current rows meanwhile. Usage: npm run rebuild-projection -- <naam>
 * (DATABASE_URL for PostgreSQL, else the embedded store in DATA_DIR).
 */
async function main() {
  const name = process.argv[2];
  const runtime = await createRuntime({ runProjector: false, runWorker: false });
  const names = runtime.projector.projections.map((p) => p.name);
  if (!name || !names.includes(name)) {
    process.stderr.write(`Geef de naam van een projectie: ${names.join(', ')}\n`);
    await runtime.close();
    process.exit(2);
  }
  const head = await runtime.store.headPosition();
  const bar = new SingleBar({
    format: `${name} |{bar}| {value}/{total} gebeurtenissen | {rate}/s | nog ongeveer {eta_formatted}`,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(Math.max(head, 1), 0, { rate: 0 });
  const total = await runtime.projector.rebuild(name, (position, _count, latestHead) => {
    if (latestHead > bar.getTotal()) bar.setTotal(latestHead);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    bar.update(position, { rate: Math.round(position / seconds) });
  });
  bar.update(bar.getTotal());
  bar.stop();
  process.stdout.write(`${name} is opnieuw opgebouwd uit ${total} gebeurtenissen in ${((Date.now() - started) / 1000).toFixed(1)} s en in gebruik genomen.\n`);
  await runtime.close();
}

main().catch((error) => {
  process.stderr.write(`Opnieuw opbouwen mislukt: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
