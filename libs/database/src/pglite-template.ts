import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * An initialised, empty PGlite data directory (what initdb leaves), kept once per installed PGlite
 * version. A new folder is copied from it instead of running initdb, which takes seconds and leaves
 * a second WASM instance's memory behind in the process.
 */
export function pgliteTemplateDir(nodeRequire: NodeJS.Require): string {
  const pgliteDist = dirname(nodeRequire.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(readFileSync(join(pgliteDist, '..', 'package.json'), 'utf8')) as { version: string };
  // node_modules/.cache is where build tools keep such things; `npm ci` clears it with the packages.
  return join(pgliteDist, '..', '..', '..', '.cache', 'kaderflow', `pglite-${version}-datadir`);
}

/** Copies the template into an empty folder; false when there is no template. */
export function copyPgliteTemplate(templateDir: string, dataDir: string): boolean {
  if (!existsSync(join(templateDir, 'PG_VERSION'))) return false;
  copyFolder(templateDir, dataDir);
  return true;
}

// A thousand small files: plain copies (a reflink where the file system has them), without
// fs.cpSync's extra stat calls per file.
function copyFolder(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyFolder(join(from, entry.name), join(to, entry.name));
    else copyFileSync(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE);
  }
}

/** Runs initdb in a folder of its own, shuts down cleanly, then moves the result in place at once. */
export async function makePgliteTemplate(PGliteClass: typeof PGlite, templateDir: string, settings: PGliteOptions): Promise<void> {
  const partial = `${templateDir}.${process.pid}.partial`;
  try {
    mkdirSync(partial, { recursive: true });
    const pglite = await PGliteClass.create({ ...settings, dataDir: partial });
    await pglite.close();
    renameSync(partial, templateDir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
