import { WEBHOOK_RETRY, backoffDelay, bullmqRetry } from './retry';

const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.2 };

describe('webhook retry policy', () => {
  it('doubles the delay per attempt and stops growing at the cap', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n, middle))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('keeps jitter within the configured fraction', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(3200);
    expect(backoffDelay(policy, 3, () => 0.999999)).toBe(4800);
    expect(backoffDelay(policy, 10, () => 0.999999)).toBeLessThanOrEqual(12_000);
  });

  it('gives BullMQ the number of attempts and a strategy that follows the policy', () => {
    const { jobOptions, backoffStrategy } = bullmqRetry(policy, () => 0.5);
    expect(jobOptions.attempts).toBe(5);
    expect(backoffStrategy(2)).toBe(2000);
  });

  it('the default spreads retries over hours, not seconds', () => {
    const total = Array.from({ length: WEBHOOK_RETRY.attempts - 1 }, (_, i) => backoffDelay(WEBHOOK_RETRY, i + 1, () => 0)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2 * 3600_000);
  });
});
