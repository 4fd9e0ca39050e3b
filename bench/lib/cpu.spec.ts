import { CpuSnapshot, parseTcpTable, postgresPerOpBy, runQueueMs, waitPerOp } from './cpu';

describe('CPU accounting of the bench', () => {
  it('reads the socket inode and both ports of each connection from /proc/net/tcp and tcp6', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 5259 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:C350 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 91234 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:D431 00000000000000000000000001000000:1538 01 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 20 4 0 10 -1',
    ].join('\n');
    expect([...parseTcpTable(tcp)]).toEqual([[5259, { localPort: 5432, remotePort: 0 }], [91234, { localPort: 50000, remotePort: 5432 }]]);
    expect(parseTcpTable(tcp6).get(77)).toEqual({ localPort: 54321, remotePort: 5432 });
    expect(parseTcpTable('').size).toBe(0);
  });

  it('splits PostgreSQL\'s CPU per operation by the backends each process used, the rest as other', () => {
    const before: CpuSnapshot = { benchMs: 0, pids: {}, waits: {}, postgres: { 10: 100, 11: 50, 12: 0, 13: 20 } };
    // 14 came during the run; 13 served nobody named (a background process).
    const after: CpuSnapshot = { benchMs: 0, pids: {}, waits: {}, postgres: { 10: 300, 11: 150, 12: 40, 13: 30, 14: 10 } };
    expect(postgresPerOpBy(before, after, 1000, { api: [10, 11], projector: [12] })).toEqual({ api: 300, projector: 40, other: 20 });
    // A backend that is not in the snapshots (gone before the end) adds nothing.
    expect(postgresPerOpBy(before, after, 1000, { api: [99] })).toEqual({ api: 0, other: 360 });
  });

  it('reads how long a process\'s main thread waited for a core from /proc/<pid>/schedstat, in ms', () => {
    // run time, run-queue wait (ns), timeslices
    expect(runQueueMs(42, (path) => (path === '/proc/42/schedstat' ? '812345678 2500000 1234\n' : ''))).toBe(2.5);
    expect(runQueueMs(42, () => { throw new Error('ENOENT'); })).toBeUndefined();
    expect(runQueueMs(42, () => '')).toBeUndefined();
  });

  it('gives each named child\'s wait for a core per operation, leaving out a child the kernel gave no figure for', () => {
    const at = (waits: Record<number, number>): CpuSnapshot => ({ benchMs: 0, pids: {}, waits, postgres: {} });
    expect(waitPerOp(at({ 7: 100, 8: 5 }), at({ 7: 340, 8: 5 }), 2000, { api: 7, projector: 8, gone: 9 })).toEqual({ api: 120, projector: 0 });
  });
});
