import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createAuthenticator, generateSigningKey, localAuthConfig } from '../libs/auth/src';
import { createRuntime } from '../libs/runtime/src';
import { createApp } from '../apps/api/src/create-app';
import { buildOpenApi } from '../apps/api/src/http/openapi';

/** Writes the OpenAPI document the app serves, for the API Design Rules lint. */
async function main() {
  const out = resolve(process.argv[2] ?? 'dist/openapi.json');
  const runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: false, runWorker: false });
  const app = await createApp(runtime, createAuthenticator(localAuthConfig(generateSigningKey())));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(buildOpenApi(app), null, 2)}\n`);
  await app.close();
  await runtime.close();
  process.stdout.write(`OpenAPI document written to ${out}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
