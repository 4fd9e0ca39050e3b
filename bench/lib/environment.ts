import { cpus, freemem, totalmem, release, platform } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverSettings } from './pg';

const version = (pkg: string): string => {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'onbekend';
  }
};

export async function collectEnvironment(started: Date) {
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return {
    date: started.toISOString(),
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'onbekend'}`,
    memoryGb: Math.round(totalmem() / 1e8) / 10,
    freeMemoryGbAtStart: Math.round(freemem() / 1e8) / 10,
    loadAverageAtStart: loadavg,
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: await serverSettings(),
    packages: Object.fromEntries(
      ['pg', '@electric-sql/pglite', '@nestjs/core', '@event-driven-io/emmett-postgresql', 'autocannon'].map((p) => [p, version(p)]),
    ),
  };
}
