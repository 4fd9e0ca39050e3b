import { join, resolve, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { importsOf, ROOT, sourceFiles, violations } from './imports';

/** libs/domain is pure: it may import only itself, the reference data and node's pure helpers. */
const DOMAIN = join(ROOT, 'libs', 'domain', 'src');
const ALLOWED_LIBS = [join(ROOT, 'libs', 'domain'), join(ROOT, 'libs', 'reference-data')];

export const forbiddenInDomain = (specifier: string, file: string): boolean => {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return !ALLOWED_LIBS.some((lib) => target.startsWith(lib));
  }
  return true; // no package at all: not @nestjs, pg, bullmq, not even node:crypto (no randomness)
};

describe('architecture: the domain is pure', () => {
  it('libs/domain imports no framework, driver or other lib', () => {
    expect(violations(DOMAIN, forbiddenInDomain)).toEqual([]);
  });

  it('the rule catches every way of importing a framework (the test of the test)', () => {
    const file = join(DOMAIN, 'kader', 'decider.ts');
    const sample = [
      "import { Injectable } from '@nestjs/common';",
      "import type { Pool } from 'pg';",
      "const { Queue } = require('bullmq');",
      "const later = import('ioredis');",
      "import '../../../event-store/src';",
      "import { gemeenten } from '../../../reference-data/src';",
      "import { fold } from '../shared';",
    ].join('\n');
    const flagged = importsOf(sample).filter((s) => forbiddenInDomain(s, file));
    expect(flagged.sort()).toEqual(['../../../event-store/src', '@nestjs/common', 'bullmq', 'ioredis', 'pg']);
  });

  it('the domain uses no clock or randomness', () => {
    const offenders = sourceFiles(DOMAIN)
      .filter((f) => !f.endsWith('.spec.ts'))
      .filter((f) => /new Date\(\s*\)|Date\.now\(|Math\.random\(|randomUUID\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
