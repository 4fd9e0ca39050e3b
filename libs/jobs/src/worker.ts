import { Database } from '../../database/src';
import { DeadlinePolicy, STANDAARD_BELEID } from '../../deadlines/src';
import { EventStore } from '../../event-store/src';
import { FetchLike, ResolveHost, RetryPolicy, WEBHOOK_RETRY, WebhookPolicy, webhookPolicyFromEnv } from '../../notifications/src';
import { jobsProcessed, projectionLag, queueDepth } from '../../runtime/src/metrics';
import { EventFeed } from './feed';
import { HerinneringJobData, planHerinneringen, runHerinnering } from './herinneringen';
import { BullJobQueue, InProcessJobQueue, JobQueue } from './queue';
import { migrateJobs } from './schema';
import { AfleveringJobData, planAfleveringen, runAflevering } from './webhooks';

export interface KaderflowWorkerOptions {
  db: Database;
  store: EventStore;
  clock: () => Date;
  /** Public API base for links in notifications, e.g. http://localhost:3000/api/v1. */
  baseUrl: string;
  /** BullMQ on Redis when set; otherwise an in-process runner (the embedded default). */
  redisUrl?: string;
  /** Redis key prefix (tests use one of their own). Default `kaderflow`. */
  prefix?: string;
  webhookRetry?: RetryPolicy;
  beleid?: DeadlinePolicy;
  pollMs?: number;
  fetchImpl?: FetchLike;
  /** Which callback addresses may be reached; from WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOW_PRIVATE when absent. */
  webhookPolicy?: WebhookPolicy;
  resolveHost?: ResolveHost;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Retries for reminder jobs: they only fail while their item row is not committed yet. */
const HERINNERING_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 500, maxDelayMs: 60_000, jitter: 0.2 };

export interface WorkerStatus {
  wachtrij: 'redis' | 'in-proces';
  /** False while Redis cannot be reached; the feeds then wait and lose nothing. */
  wachtrijBereikbaar: boolean;
  feeds: { naam: string; positie: number; achterstand: number }[];
  wachtrijen: { naam: string; diepte: number | null }[];
}

/**
 * The worker: two feeds over the event store (deadlines -> reminder jobs, events -> webhook deliveries)
 * and the queues that run those jobs. Each feed's checkpoint moves only after the queue accepted its
 * jobs, so what was committed while Redis was down is planned once Redis is back.
 */
export class KaderflowWorker {
  readonly herinneringen: JobQueue<HerinneringJobData>;
  readonly afleveringen: JobQueue<AfleveringJobData>;
  readonly feeds: EventFeed[];

  private constructor(private readonly options: KaderflowWorkerOptions) {
    const { db, store, clock, redisUrl } = options;
    const prefix = options.prefix ?? 'kaderflow';
    const webhookRetry = options.webhookRetry ?? WEBHOOK_RETRY;
    this.herinneringen = redisUrl
      ? new BullJobQueue('herinneringen', redisUrl, { retry: HERINNERING_RETRY, clock, prefix })
      : new InProcessJobQueue('herinneringen', { retry: HERINNERING_RETRY, clock });
    this.afleveringen = redisUrl
      ? new BullJobQueue('afleveringen', redisUrl, { retry: webhookRetry, clock, prefix })
      : new InProcessJobQueue('afleveringen', { retry: webhookRetry, clock });
    const feedOptions = { pollMs: options.pollMs, log: options.log };
    this.feeds = [
      new EventFeed('herinneringen', db, store, planHerinneringen(db, this.herinneringen, options.beleid ?? STANDAARD_BELEID, clock), feedOptions),
      new EventFeed('afleveringen', db, store, planAfleveringen(db, this.afleveringen, options.baseUrl, clock), feedOptions),
    ];
  }

  static async create(options: KaderflowWorkerOptions): Promise<KaderflowWorker> {
    await migrateJobs(options.db);
    return new KaderflowWorker(options);
  }

  start(): void {
    const { db, store, clock, log } = this.options;
    const herinnering = runHerinnering(db, store, clock);
    this.herinneringen.process(async (job, context) => {
      const resultaat = await herinnering(job, context);
      jobsProcessed.inc({ queue: 'herinneringen', resultaat });
      log?.('herinnering afgehandeld', { jobId: job.jobId, correlationId: job.jobId, resultaat, doelgroep: job.target });
    });
    const aflevering = runAflevering(db, clock, this.options.fetchImpl, {
      policy: this.options.webhookPolicy ?? webhookPolicyFromEnv(process.env), resolve: this.options.resolveHost,
    });
    this.afleveringen.process(async (job, context) => {
      try {
        const resultaat = await aflevering(job, context);
        jobsProcessed.inc({ queue: 'afleveringen', resultaat });
        log?.('aflevering afgehandeld', { afleveringId: job.afleveringId, correlationId: job.correlationId, resultaat, poging: context.attempt });
      } catch (error) {
        log?.('aflevering mislukt', { afleveringId: job.afleveringId, correlationId: job.correlationId, poging: context.attempt, definitief: context.final, error: String(error) });
        throw error;
      }
    });
    for (const feed of this.feeds) feed.start();
  }

  /** Nudges the feeds (after a local append) so jobs are planned sooner than the poll. */
  poke(): void {
    for (const feed of this.feeds) feed.poke();
  }

  /** Stops planning, finishes the jobs in flight, closes the queues. */
  async stop(): Promise<void> {
    await Promise.all(this.feeds.map((f) => f.stop()));
    await this.herinneringen.close();
    await this.afleveringen.close();
  }

  async status(): Promise<WorkerStatus> {
    const head = await this.options.store.headPosition();
    const depth = async (queue: JobQueue<unknown>) => queue.depth().catch(() => null);
    const wachtrijen = [
      { naam: this.herinneringen.name, diepte: await depth(this.herinneringen as JobQueue<unknown>) },
      { naam: this.afleveringen.name, diepte: await depth(this.afleveringen as JobQueue<unknown>) },
    ];
    const feeds = this.feeds.map((f) => ({ naam: f.name, positie: f.checkpoint(), achterstand: Math.max(0, head - f.checkpoint()) }));
    for (const f of feeds) projectionLag.set({ projection: `worker:${f.naam}` }, f.achterstand);
    for (const q of wachtrijen) if (q.diepte !== null) queueDepth.set({ queue: q.naam }, q.diepte);
    return {
      wachtrij: this.options.redisUrl ? 'redis' : 'in-proces',
      wachtrijBereikbaar: wachtrijen.every((q) => q.diepte !== null),
      feeds,
      wachtrijen,
    };
  }
}
