import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) of the bench process, of chosen child processes and of every PostgreSQL server process. */
export interface CpuSnapshot {
  benchMs: number;
  pids: Record<number, number>;
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
    postgres: postgresMs(),
  };
}

/** CPU per operation in microseconds, between two snapshots: the bench process, each named child, and PostgreSQL. */
export interface CpuPerOp {
  bench: number;
  postgres: number;
  [child: string]: number;
}

export function cpuPerOp(before: CpuSnapshot, after: CpuSnapshot, ops: number, children: Record<string, number> = {}): CpuPerOp {
  const per = (ms: number) => Math.round((ms * 1000) / Math.max(ops, 1));
  // Processes that ended in between are left out (their last CPU is not known): a slight undercount.
  const postgresMsSpent = Object.entries(after.postgres).reduce((sum, [pid, ms]) => sum + ms - (before.postgres[Number(pid)] ?? 0), 0);
  const result: CpuPerOp = { bench: per(after.benchMs - before.benchMs), postgres: per(postgresMsSpent) };
  for (const [name, pid] of Object.entries(children)) result[name] = per((after.pids[pid] ?? 0) - (before.pids[pid] ?? 0));
  return result;
}
