import 'reflect-metadata';
import { createRuntime, log } from '../../../libs/runtime/src';
import { createApp } from './create-app';
import { API_BASE } from './http/api-version';

async function main() {
  const runtime = await createRuntime();
  const app = await createApp(runtime);
  app.enableShutdownHooks();
  await app.listen(runtime.config.port);
  const url = `http://localhost:${runtime.config.port}${API_BASE}`;
  log('Kaderflow is gestart', { url, docs: `${url}/docs`, opslag: runtime.db.kind });
  process.stdout.write(`\nKaderflow draait op ${url}  (documentatie: ${url}/docs)\n\n`);
  const stop = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`Kaderflow kon niet starten: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
