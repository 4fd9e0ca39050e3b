/** Suites that need the real PostgreSQL (and Redis): *.pg.spec.ts and *.services.spec.ts. */
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.pg.spec.ts', '<rootDir>/test/**/*.pg.spec.ts', '<rootDir>/bench/**/*.pg.spec.ts', '<rootDir>/libs/**/*.services.spec.ts', '<rootDir>/test/**/*.services.spec.ts', '<rootDir>/apps/**/*.services.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
  testTimeout: 60000,
};
