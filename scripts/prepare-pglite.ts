/**
 * Unpacking a new embedded database from a template is seconds faster than initdb; `npm run build`
 * runs this so that even the first `npm start` on a fresh folder starts from it.
 */
import { preparePgliteTemplate } from '../libs/database/src';

preparePgliteTemplate().catch((error) => {
  // Only a speed-up: without a template the store runs initdb as before.
  process.stderr.write(`PGlite template not prepared: ${error instanceof Error ? error.message : String(error)}\n`);
});
