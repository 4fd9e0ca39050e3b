/**
 * The EventStore contract suite against a real KurrentDB (EventStoreDB) server: *.kurrentdb.spec.ts.
 * Needs KURRENTDB_URL, e.g. `KURRENTDB_URL=esdb://127.0.0.1:2113?tls=false npx jest -c jest.kurrentdb.config.js`.
 * Without it this run fails on purpose: a skipped store test would read as a passing one.
 */
if (!process.env.KURRENTDB_URL) {
  throw new Error(
    'KURRENTDB_URL is not set. The KurrentDB contract suite needs a running server, e.g. ' +
      '`docker run -p 2113:2113 eventstore/eventstore --insecure --run-projections=All` and ' +
      '`KURRENTDB_URL=esdb://127.0.0.1:2113?tls=false npx jest -c jest.kurrentdb.config.js`.',
  );
}
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.kurrentdb.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
  testTimeout: 60000,
};
