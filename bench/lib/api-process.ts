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
  /** nowMs() at spawn. */
  spawnedAt: number;
  token(rol: Rol, organisatie?: string): Promise<string>;
  rssMb(): number;
  stop(): Promise<void>;
}

const MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
const PROJECTOR_MAIN = join(__dirname, '..', '..', 'apps', 'projector', 'src', 'main.js');

export interface ProjectorProcess {
  child: ChildProcess;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts the built projector (dist/apps/projector/src/main.js) as its own process, as docker-compose runs it. */
export async function startProjector(env: Record<string, string>, port: number, timeoutMs = 60_000): Promise<ProjectorProcess> {
  const t0 = nowMs();
  const child = spawn(process.execPath, [PROJECTOR_MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PROJECTOR_PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`projector exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
    if (nowMs() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`projector did not answer within ${timeoutMs} ms: ${stderr.slice(-2000)}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/gezondheid`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, rssMb: () => rssMb(child.pid!), stop: () => stopChild(child) };
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
export async function startApi(env: Record<string, string>, port: number, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ApiProcess> {
  const t0 = nowMs();
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), KADERFLOW_JWT_SECRET: JWT_SECRET, RUN_WORKER: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const base = `http://127.0.0.1:${port}/api/v1`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`api exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
    if (nowMs() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`api did not answer within ${timeoutMs} ms: ${stderr.slice(-2000)}`);
    }
    try {
      const res = await fetch(`${base}/gezondheid`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = nowMs() - t0;
  const auth = localAuthConfig(signingKeyFromSecret(JWT_SECRET));
  return {
    child,
    base,
    startMs,
    spawnedAt: t0,
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
