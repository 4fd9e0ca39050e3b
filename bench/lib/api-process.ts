import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueDevToken, localAuthConfig, Rol, signingKeyFromSecret } from '../../libs/auth/src';
import { nowMs } from './stats';

export const JWT_SECRET = 'kaderflow-bench-secret-0123456789abcdef-0123456789';

export interface ApiProcess {
  child: ChildProcess;
  base: string;
  /** ms from spawn until /api/v1/gezondheid answered. */
  startMs: number;
  token(rol: Rol, organisatie?: string): Promise<string>;
  rssMb(): number;
  stop(): Promise<void>;
}

const MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
const PROJECTOR_MAIN = join(__dirname, '..', '..', 'apps', 'projector', 'src', 'main.js');
const BARE_COMMANDS = join(__dirname, 'bare-commands.js');

/** A built service the bench started as a child process. */
export interface ServiceProcess {
  child: ChildProcess;
  rssMb(): number;
  stop(): Promise<void>;
}

/** BENCH_PORT_OFFSET moves every port the bench listens on, so two runs can share a machine. */
export const benchPort = (port: number) => port + Number(process.env.BENCH_PORT_OFFSET ?? 0);

/** Starts the built projector (dist/apps/projector/src/main.js) as its own process, as docker-compose runs it. */
export async function startProjector(env: Record<string, string>, wanted: number, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = benchPort(wanted);
  const child = await spawnUntilHealthy('projector', [PROJECTOR_MAIN], { PROJECTOR_PORT: String(port), ...env }, `http://127.0.0.1:${port}/gezondheid`, timeoutMs);
  return { child, rssMb: () => rssMb(child.pid!), stop: () => stopChild(child) };
}

/** Starts the bare command server (bare-commands.ts), the baseline without the HTTP framework, on the api's environment. */
export async function startBareCommands(env: Record<string, string>, wanted: number, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ServiceProcess & { base: string }> {
  const port = benchPort(wanted);
  const base = `http://127.0.0.1:${port}`;
  const child = await spawnUntilHealthy('bare command server', [...nodeArgs, BARE_COMMANDS], { PORT: String(port), KADERFLOW_JWT_SECRET: JWT_SECRET, ...env }, base, timeoutMs);
  return { child, base, rssMb: () => rssMb(child.pid!), stop: () => stopChild(child) };
}

/** Spawns a built service and waits until its health URL answers; fails with the end of its stderr. */
async function spawnUntilHealthy(name: string, args: string[], env: Record<string, string>, healthUrl: string, timeoutMs: number): Promise<ChildProcess> {
  // A process left over from a run that did not end would answer in its place, and be measured instead.
  if (await answers(healthUrl)) throw new Error(`${name}: ${healthUrl} already answers before it started: another process (a bench run that did not end?) has the port`);
  const t0 = nowMs();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
    if (nowMs() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer within ${timeoutMs} ms: ${stderr.slice(-2000)}`);
    }
    if (await answers(healthUrl)) return child;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false; // not listening (yet)
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the built api (dist/apps/api/src/main.js) as a child process and waits until it answers. */
export async function startApi(env: Record<string, string>, wanted: number, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ApiProcess> {
  const port = benchPort(wanted);
  const t0 = nowMs();
  const base = `http://127.0.0.1:${port}/api/v1`;
  const child = await spawnUntilHealthy('api', [...nodeArgs, MAIN],
    { PORT: String(port), KADERFLOW_JWT_SECRET: JWT_SECRET, RUN_WORKER: 'false', ...env }, `${base}/gezondheid`, timeoutMs);
  const startMs = nowMs() - t0;
  const auth = localAuthConfig(signingKeyFromSecret(JWT_SECRET));
  return {
    child,
    base,
    startMs,
    token: (rol, organisatie) => issueDevToken({ sub: `bench-${rol}`, rol, organisatie, naam: `Fictieve ${rol}`, ttl: '2h' }, auth),
    rssMb: () => rssMb(child.pid!),
    stop: () => stopChild(child),
  };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

/** JSON request that fails loudly on a non-2xx answer. */
export async function call<T = Record<string, unknown>>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}
