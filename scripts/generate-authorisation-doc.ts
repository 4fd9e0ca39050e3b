/** Writes docs/AUTHORISATION.md from the authorisation table. Run from the repository root. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAuthorisationDoc } from '../libs/auth/src';

const out = resolve(process.argv[2] ?? 'docs/AUTHORISATION.md');
writeFileSync(out, renderAuthorisationDoc());
process.stdout.write(`Wrote ${out}\n`);
