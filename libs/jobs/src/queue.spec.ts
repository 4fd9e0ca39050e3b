import { InProcessJobQueue, PermanentJobError } from './queue';

const retry = { attempts: 3, baseDelayMs: 10, maxDelayMs: 20, jitter: 0 };
const clock = () => new Date('2026-03-03T07:00:00.000Z');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the in-process job runner (embedded stand-in for Redis)', () => {
  it('given a job that fails twice, when it is retried, then the third try succeeds and it is gone', async () => {
    const queue = new InProcessJobQueue<string>('test', { retry, clock });
    const tries: Array<{ attempt: number; final: boolean }> = [];
    queue.process(async (_data, context) => {
      tries.push(context);
      if (context.attempt < 3) throw new Error('nog niet');
    });
    await queue.add([{ id: 'a', data: 'x' }]);
    await wait(150);
    expect(tries).toEqual([{ attempt: 1, final: false }, { attempt: 2, final: false }, { attempt: 3, final: true }]);
    expect(await queue.depth()).toBe(0);
    await queue.close();
  });

  it('given a permanent failure, when it fails once, then it is not tried again', async () => {
    const queue = new InProcessJobQueue<string>('test', { retry, clock });
    let tries = 0;
    queue.process(async () => { tries++; throw new PermanentJobError('410'); });
    await queue.add([{ id: 'a', data: 'x' }]);
    await wait(100);
    expect(tries).toBe(1);
    await queue.close();
  });

  it('given a delayed job, when it is removed before its time, then it never runs; the same id added twice runs once', async () => {
    const queue = new InProcessJobQueue<string>('test', { retry, clock });
    const ran: string[] = [];
    queue.process(async (data) => { ran.push(data); });
    await queue.add([{ id: 'later', data: 'later', runAt: clock().getTime() + 50 }, { id: 'nu', data: 'nu' }, { id: 'nu', data: 'nu' }]);
    await queue.remove(['later']);
    await wait(120);
    expect(ran).toEqual(['nu']);
    await queue.close();
  });
});
