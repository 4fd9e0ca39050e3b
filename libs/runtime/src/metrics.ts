import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process; each service serves it on its metrics endpoint. */
export const metricsRegistry = new Registry();
let defaults = false;

export function enableDefaultMetrics(service: string): void {
  metricsRegistry.setDefaultLabels({ service });
  if (!defaults) collectDefaultMetrics({ register: metricsRegistry });
  defaults = true;
}

export const commandDuration = new Histogram({
  name: 'kaderflow_command_duration_seconds',
  help: 'Time to handle a command request (HTTP write), by route and status.',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const appendDuration = new Histogram({
  name: 'kaderflow_append_duration_seconds',
  help: 'Time to append events to the event store.',
  labelNames: ['uitkomst'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [metricsRegistry],
});

export const projectionLag = new Gauge({
  name: 'kaderflow_projection_lag_events',
  help: 'Events between the head of the store and a projection (or worker feed) checkpoint.',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const queueDepth = new Gauge({
  name: 'kaderflow_queue_depth_jobs',
  help: 'Jobs waiting, delayed or running per queue.',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const webhookFailures = new Counter({
  name: 'kaderflow_webhook_failures_total',
  help: 'Failed webhook delivery attempts; definitief=ja when dead-lettered.',
  labelNames: ['definitief'] as const,
  registers: [metricsRegistry],
});

export const jobsProcessed = new Counter({
  name: 'kaderflow_jobs_processed_total',
  help: 'Jobs the worker finished, by queue and result.',
  labelNames: ['queue', 'resultaat'] as const,
  registers: [metricsRegistry],
});
