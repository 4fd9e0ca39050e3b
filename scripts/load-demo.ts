import 'reflect-metadata';
import { loadDemo } from '../libs/demo/src';
import { createRuntime } from '../libs/runtime/src';

/** `npm run demo`: writes the demo process into DATA_DIR (or DATABASE_URL). Stop the service first when on PGlite. */
async function main() {
  let now = new Date();
  const runtime = await createRuntime({ runProjector: false, runWorker: false, clock: () => now });
  const result = await loadDemo({ store: runtime.store, setNow: (iso) => { now = new Date(iso); } }, (line) => process.stdout.write(`  ${line}\n`));
  now = new Date();
  process.stdout.write('  Leesmodellen bijwerken...\n');
  await runtime.projector.catchUp();
  await runtime.close();
  process.stdout.write(result.alGeladen
    ? `De demo stond er al (kader ${result.kaderId}); er is niets toegevoegd.\n`
    : `Demo geladen: ${result.events} gebeurtenissen. Kader: ${result.kaderId}\nStart de dienst met: npm start\n`);
}

main().catch((error) => {
  process.stderr.write(`De demo kon niet worden geladen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
