import type { Job, Queue, Worker } from 'bullmq';
import { backoffDelay, RetryPolicy } from '../../notifications/src';

type BullMQ = typeof import('bullmq');
let bullmq: BullMQ | undefined;
/** bullmq (with ioredis) loads only where Redis is configured: the embedded default never needs it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadBullmq = (): BullMQ => (bullmq ??= require('bullmq') as BullMQ);

export interface QueuedJob<T> {
  /** Stable id: adding the same id twice keeps one job. */
  id: string;
  data: T;
  /** When it should run (ms since the epoch, by the worker's clock); now when absent or past. */
  runAt?: number;
}

export interface JobContext {
  /** 1 for the first try. */
  attempt: number;
  /** No retry follows when this try fails. */
  final: boolean;
}

export type JobHandler<T> = (data: T, context: JobContext) => Promise<void>;

/** Thrown by a handler when trying again will not help (e.g. a 4xx from a webhook). */
export class PermanentJobError extends Error {}

export interface JobQueue<T> {
  readonly name: string;
  /** Resolves once the queue has durably accepted every job. */
  add(jobs: QueuedJob<T>[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Jobs waiting, delayed or running. */
  depth(): Promise<number>;
  /** Starts running jobs with handler. */
  process(handler: JobHandler<T>): void;
  /** Finishes the jobs in flight, then closes. */
  close(): Promise<void>;
}

export interface QueueSettings {
  retry: RetryPolicy;
  clock: () => Date;
  concurrency?: number;
  /** How long add/remove may wait for the queue before failing (so the caller can retry later). */
  timeoutMs?: number;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });

/** BullMQ forbids ':' in ids and integer-looking ids. */
export const bullJobId = (id: string) => `j~${id.replace(/:/g, '~')}`;

/** BullMQ on Redis: jobs survive a worker restart and are shared by several worker copies. */
export class BullJobQueue<T> implements JobQueue<T> {
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(readonly name: string, private readonly redisUrl: string, private readonly settings: QueueSettings & { prefix?: string }) {
    this.queue = new (loadBullmq().Queue)(name, { connection: this.connection(20), prefix: settings.prefix });
    this.queue.on('error', () => undefined);
  }

  private connection(maxRetriesPerRequest: number | null) {
    const url = new URL(this.redisUrl);
    return {
      host: url.hostname,
      port: Number(url.port || 6379),
      password: url.password || undefined,
      username: url.username || undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
      maxRetriesPerRequest,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    };
  }

  async add(jobs: QueuedJob<T>[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = this.settings.clock().getTime();
    await withTimeout(this.queue.addBulk(jobs.map((job) => ({
      name: this.name,
      data: job.data,
      opts: {
        jobId: bullJobId(job.id),
        delay: Math.max(0, (job.runAt ?? now) - now),
        attempts: this.settings.retry.attempts,
        backoff: { type: 'kaderflow' },
        removeOnComplete: { count: 1000 },
        // A failed job must not block the same id when the feed plans it again; outcomes live in PostgreSQL.
        removeOnFail: true,
      },
    }))), this.settings.timeoutMs ?? 5000, 'Redis');
  }

  async remove(ids: string[]): Promise<void> {
    await withTimeout(Promise.all(ids.map((id) => this.queue.remove(bullJobId(id)))), this.settings.timeoutMs ?? 5000, 'Redis');
  }

  async depth(): Promise<number> {
    const counts = await withTimeout(this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized'), 2000, 'Redis');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** The job's state in Redis (`delayed`, `waiting`, `completed`...), undefined when there is none. */
  async state(id: string): Promise<string | undefined> {
    const job = await this.queue.getJob(bullJobId(id));
    return job ? String(await job.getState()) : undefined;
  }

  /** Test hook and operator tool: run delayed jobs whose time (by the worker clock) has come. */
  async promoteDue(): Promise<number> {
    const now = this.settings.clock().getTime();
    let promoted = 0;
    for (const job of await this.queue.getDelayed()) {
      if (job.timestamp + (job.opts.delay ?? 0) <= Date.now()) continue;
      const runAt = (job.data as { runAt?: string }).runAt;
      if (runAt && Date.parse(runAt) <= now) {
        await job.promote();
        promoted++;
      }
    }
    return promoted;
  }

  process(handler: JobHandler<T>): void {
    if (this.worker) return;
    const attempts = this.settings.retry.attempts;
    this.worker = new (loadBullmq().Worker)(this.name, async (job: Job) => {
      const attempt = job.attemptsMade + 1;
      try {
        await handler(job.data as T, { attempt, final: attempt >= attempts });
      } catch (error) {
        if (error instanceof PermanentJobError) throw new (loadBullmq().UnrecoverableError)(error.message);
        throw error;
      }
    }, {
      connection: this.connection(null),
      prefix: this.settings.prefix,
      concurrency: this.settings.concurrency ?? 5,
      settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(this.settings.retry, attemptsMade) },
    });
    this.worker.on('error', () => undefined);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

/**
 * The embedded stand-in for Redis: timers in this process. Jobs live only as long as the process,
 * which is fine because the worker re-derives them from the events after a restart.
 */
export class InProcessJobQueue<T> implements JobQueue<T> {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly jobs = new Map<string, QueuedJob<T>>();
  private readonly running = new Set<Promise<void>>();
  private handler?: JobHandler<T>;
  private closed = false;

  constructor(readonly name: string, private readonly settings: QueueSettings) {}

  async add(jobs: QueuedJob<T>[]): Promise<void> {
    for (const job of jobs) {
      if (this.jobs.has(job.id)) continue;
      this.jobs.set(job.id, job);
      this.schedule(job, Math.max(0, (job.runAt ?? 0) - this.settings.clock().getTime()), 1);
    }
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      this.jobs.delete(id);
    }
  }

  async depth(): Promise<number> {
    return this.jobs.size;
  }

  process(handler: JobHandler<T>): void {
    this.handler = handler;
  }

  private schedule(job: QueuedJob<T>, delay: number, attempt: number) {
    if (this.closed) return;
    // setTimeout caps at ~24.8 days; longer waits hop.
    const step = Math.min(delay, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (step < delay) return this.schedule(job, delay - step, attempt);
      const run = this.run(job, attempt);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, step);
    timer.unref?.();
    this.timers.set(job.id, timer);
  }

  private async run(job: QueuedJob<T>, attempt: number): Promise<void> {
    if (!this.handler) return this.schedule(job, 1000, attempt);
    const attempts = this.settings.retry.attempts;
    try {
      await this.handler(job.data, { attempt, final: attempt >= attempts });
      this.jobs.delete(job.id);
      this.timers.delete(job.id);
    } catch (error) {
      if (error instanceof PermanentJobError || attempt >= attempts) {
        this.jobs.delete(job.id);
        this.timers.delete(job.id);
        return;
      }
      this.schedule(job, backoffDelay(this.settings.retry, attempt), attempt + 1);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
