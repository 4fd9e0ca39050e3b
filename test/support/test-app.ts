import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig, Rol } from '../../libs/auth/src';
import { createRuntime, Runtime } from '../../libs/runtime/src';
import { AppOptions, createApp } from '../../apps/api/src/create-app';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  http: ReturnType<typeof request>;
  /** A bearer token for a fictional user with this role (and organisation). */
  token(rol: Rol, organisatie?: string, sub?: string): Promise<string>;
  /** Moves the app's clock. */
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** The real app on an in-memory embedded store, with its own signing key and a clock the test controls. */
export async function createTestApp(options: { now?: string; app?: AppOptions } = {}): Promise<TestApp> {
  let now = new Date(options.now ?? '2025-03-03T09:00:00.000Z');
  const runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: true, runWorker: false, clock: () => now });
  const auth = localAuthConfig(generateSigningKey());
  const app = await createApp(runtime, createAuthenticator(auth), options.app);
  const http = request(app.getHttpServer());
  return {
    app,
    runtime,
    http,
    token: (rol, organisatie, sub) => issueDevToken({ sub: sub ?? `test-${rol}-${organisatie ?? 'hr'}`, rol, organisatie, naam: `Fictieve ${rol}`, ttl: '1h' }, auth),
    setNow: (iso) => { now = new Date(iso); },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
