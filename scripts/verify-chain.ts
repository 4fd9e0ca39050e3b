/**
 * Verifies the hash chain of every stream and names the first broken link.
 * Uses DATABASE_URL (PostgreSQL) or the embedded store in DATA_DIR. Exit code 0 intact, 1 broken, 2 error.
 * Usage: node dist/scripts/verify-chain.js [--json]
 */
import { chainHead, verifyChain } from '../libs/audit/src';
import { createDatabase } from '../libs/database/src';
import { configFromEnv, pgliteDir } from '../libs/runtime/src';

async function main(): Promise<number> {
  const config = configFromEnv();
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: pgliteDir(config) });
  try {
    const report = await verifyChain(db);
    const head = report.ok ? await chainHead(db, { atPosition: report.position }) : undefined;
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ ...report, ketenkop: head }, null, 2)}\n`);
    } else if (report.ok) {
      process.stdout.write(`Keten intact: ${report.checked} gebeurtenissen gecontroleerd tot positie ${report.position}.\nKetenkop: ${head!.hash}\n`);
    } else {
      const b = report.firstBroken!;
      process.stdout.write(`KETEN GEBROKEN bij ${b.streamId} versie ${b.version}${b.globalPosition !== null ? ` (positie ${b.globalPosition})` : ''}: ${b.toelichting}\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`Controle mislukt: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
