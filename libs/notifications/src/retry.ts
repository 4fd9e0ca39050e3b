/**
 * Retry policy for webhook deliveries, as data so BullMQ (or anything else) can apply it:
 * delay(n) = min(maxDelayMs, baseDelayMs * 2^(n-1)), then spread by +/- jitter so many failed
 * deliveries to one receiver do not all come back at the same moment.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction 0..1 of the delay that is randomised. */
  jitter: number;
}

/** 10 attempts spread over roughly 4 hours: 30 s, 1 min, 2 min ... capped at 1 h. */
export const WEBHOOK_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 30_000, maxDelayMs: 3_600_000, jitter: 0.2 };

/** Delay before retry number `attempt` (1 = after the first failure); `random` in [0, 1). */
export const backoffDelay = (policy: RetryPolicy, attempt: number, random: () => number = Math.random): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const spread = exponential * policy.jitter;
  return Math.max(0, Math.round(exponential - spread + 2 * spread * random()));
};

/** BullMQ job options and the worker's backoffStrategy for this policy. */
export const bullmqRetry = (policy: RetryPolicy, random: () => number = Math.random) => ({
  jobOptions: { attempts: policy.attempts, backoff: { type: 'kaderflow-jitter' } },
  backoffStrategy: (attemptsMade: number) => backoffDelay(policy, attemptsMade, random),
});
