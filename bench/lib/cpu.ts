import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { SqlExecutor } from '../../libs/database/src';

/** CPU time (ms) of the bench process, of chosen child processes and of every PostgreSQL server process. */
export interface CpuSnapshot {
  benchMs: number;
  pids: Record<number, number>;
  /** Per chosen child: how long (ms) its main thread, the event loop, waited for a core while it could run; absent where the kernel does not say. */
  waits: Record<number, number>;
  /** Per server process: a backend that ends between two snapshots takes its CPU with it, so deltas are per process. */
  postgres: Record<number, number>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process in ms, or undefined when it is gone. */
function processMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/**
 * The time (ms) the main thread of a process spent waiting on a run queue, ready to run but without a
 * core: the second field of /proc/<pid>/schedstat (nanoseconds). Undefined when the process is gone or
 * the kernel keeps no such figure.
 */
export function runQueueMs(pid: number, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): number | undefined {
  try {
    const waited = Number(read(`/proc/${pid}/schedstat`).split(' ')[1]);
    return Number.isFinite(waited) ? waited / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Server processes of PostgreSQL on this machine (backends, walwriter, checkpointer, ...). */
function postgresMs(): Record<number, number> {
  const result: Record<number, number> = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ms = processMs(Number(entry));
    if (ms !== undefined) result[Number(entry)] = ms;
  }
  return result;
}

export function cpuSnapshot(pids: number[] = []): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    benchMs: (usage.user + usage.system) / 1000,
    pids: Object.fromEntries(pids.map((pid) => [pid, processMs(pid) ?? 0])),
    waits: Object.fromEntries(pids.flatMap((pid) => {
      const waited = runQueueMs(pid);
      return waited === undefined ? [] : [[pid, waited]];
    })),
    postgres: postgresMs(),
  };
}

/**
 * µs per operation each named child's event loop waited for a core between two snapshots: on two shared
 * cores, time it was ready to serve a request and could not. Children without the figure are left out.
 */
export function waitPerOp(before: CpuSnapshot, after: CpuSnapshot, ops: number, children: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, pid] of Object.entries(children)) {
    if (pid in before.waits && pid in after.waits) result[name] = perOp(after.waits[pid] - before.waits[pid], ops);
  }
  return result;
}

/** CPU per operation in microseconds, between two snapshots: the bench process, each named child, and PostgreSQL. */
export interface CpuPerOp {
  bench: number;
  postgres: number;
  [child: string]: number;
}

/** ms spent over `ops` operations, as µs per operation. */
const perOp = (ms: number, ops: number) => Math.round((ms * 1000) / Math.max(ops, 1));

/**
 * ms one PostgreSQL server process spent between two snapshots. A process that ended in between
 * counts nothing (its last CPU is not known): a slight undercount.
 */
const postgresSpentMs = (before: CpuSnapshot, after: CpuSnapshot, pid: number) =>
  pid in after.postgres ? after.postgres[pid] - (before.postgres[pid] ?? 0) : 0;

/** ms all PostgreSQL server processes spent between two snapshots. */
const postgresTotalMs = (before: CpuSnapshot, after: CpuSnapshot) =>
  Object.keys(after.postgres).reduce((sum, pid) => sum + postgresSpentMs(before, after, Number(pid)), 0);

export function cpuPerOp(before: CpuSnapshot, after: CpuSnapshot, ops: number, children: Record<string, number> = {}): CpuPerOp {
  const per = (ms: number) => perOp(ms, ops);
  const result: CpuPerOp = { bench: per(after.benchMs - before.benchMs), postgres: per(postgresTotalMs(before, after)) };
  for (const [name, pid] of Object.entries(children)) result[name] = per((after.pids[pid] ?? 0) - (before.pids[pid] ?? 0));
  return result;
}

/** TCP connections in the text of /proc/net/tcp (or tcp6): socket inode to its local and remote port. */
export function parseTcpTable(text: string): Map<number, { localPort: number; remotePort: number }> {
  const sockets = new Map<number, { localPort: number; remotePort: number }>();
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const port = (address: string) => parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
    sockets.set(Number(fields[9]), { localPort: port(fields[1]), remotePort: port(fields[2]) });
  }
  return sockets;
}

/** The local ports of a process's TCP connections to serverPort: its socket descriptors looked up in /proc/net/tcp and tcp6. */
function clientPorts(pid: number, serverPort: number, sockets: Map<number, { localPort: number; remotePort: number }>): number[] {
  const ports: number[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return ports;
  }
  for (const fd of fds) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    const socket = inode === undefined ? undefined : sockets.get(Number(inode));
    if (socket && socket.remotePort === serverPort) ports.push(socket.localPort);
  }
  return ports;
}

/**
 * The PostgreSQL server processes (backends) that serve each named child process now: the child's
 * connections to the server's port, matched on the client port that pg_stat_activity shows.
 */
export async function backendsOf(db: SqlExecutor, children: Record<string, number>, serverPort: number): Promise<Record<string, number[]>> {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  });
  const sockets = new Map([...parseTcpTable(tables[0]), ...parseTcpTable(tables[1])]);
  const { rows } = await db.query<{ pid: number; client_port: number }>('SELECT pid, client_port FROM pg_stat_activity WHERE client_port IS NOT NULL');
  const backendByPort = new Map(rows.map((row) => [Number(row.client_port), Number(row.pid)]));
  return Object.fromEntries(Object.entries(children).map(([name, pid]) => [
    name, clientPorts(pid, serverPort, sockets).flatMap((port) => backendByPort.get(port) ?? []),
  ]));
}

/**
 * PostgreSQL's CPU per operation (µs) split by whom it served: each name's backends (see backendsOf),
 * and `other` for the rest (background processes, connections that came and went during the run).
 */
export function postgresPerOpBy(before: CpuSnapshot, after: CpuSnapshot, ops: number, backends: Record<string, number[]>): Record<string, number> {
  const result: Record<string, number> = {};
  let named = 0;
  for (const [name, pids] of Object.entries(backends)) {
    const ms = pids.reduce((sum, pid) => sum + postgresSpentMs(before, after, pid), 0);
    named += ms;
    result[name] = perOp(ms, ops);
  }
  result.other = perOp(postgresTotalMs(before, after) - named, ops);
  return result;
}
