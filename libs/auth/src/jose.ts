import Module from 'node:module';
import type * as Jose from 'jose';

/**
 * jose 6 ships as ESM only. Node 20.19+ loads it with require(), but jest's own module registry
 * cannot, so it is loaded through Node's loader. Error checks use `code`, never instanceof.
 */
const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
export const jose = loader._load('jose', module, false) as typeof Jose;
