import { join } from 'node:path';
import { WebhookPolicy, webhookPolicyFromEnv } from '../../notifications/src';

export interface KaderflowConfig {
  port: number;
  /** PostgreSQL when set; otherwise the embedded PGlite store. */
  databaseUrl?: string;
  /** Folder for the embedded store and the local signing key. `:memory:` keeps nothing. */
  dataDir: string;
  /** Run the projector inside this process (the embedded default does). */
  runProjector: boolean;
  /** Run the job runner inside this process (the embedded default does). */
  runWorker: boolean;
  redisUrl?: string;
  /** Redis key prefix of the worker's queues. */
  queuePrefix: string;
  /** Health/metrics port of the separate projector and worker services. */
  projectorPort: number;
  /** How long the projector lets a batch fill while events keep arriving (PROJECTOR_BATCH_WAIT_MS, default 60). */
  projectorBatchWaitMs?: number;
  workerPort: number;
  publicBaseUrl: string;
  /** Largest accepted JSON body. */
  bodyLimit: string;
  /** Which webhook callback addresses are allowed (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE; both off by default). */
  webhooks: WebhookPolicy;
  clock: () => Date;
}

export function configFromEnv(env: Record<string, string | undefined> = process.env, overrides: Partial<KaderflowConfig> = {}): KaderflowConfig {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? './data',
    runProjector: env.RUN_PROJECTOR !== 'false',
    runWorker: env.RUN_WORKER !== 'false',
    redisUrl: env.REDIS_URL || undefined,
    queuePrefix: env.QUEUE_PREFIX ?? 'kaderflow',
    projectorPort: Number(env.PROJECTOR_PORT ?? 3001),
    projectorBatchWaitMs: env.PROJECTOR_BATCH_WAIT_MS ? Number(env.PROJECTOR_BATCH_WAIT_MS) : undefined,
    workerPort: Number(env.WORKER_PORT ?? 3002),
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    bodyLimit: env.BODY_LIMIT ?? '100kb',
    webhooks: webhookPolicyFromEnv(env),
    clock: () => new Date(),
    ...overrides,
  };
}

export const pgliteDir = (config: Pick<KaderflowConfig, 'dataDir'>) =>
  config.dataDir === ':memory:' ? ':memory:' : join(config.dataDir, 'pglite');
