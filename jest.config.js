/**
 * Jest runs the TypeScript sources as native ESM (the project is "type": "module"
 * and AdminJS is ESM-only). ts-jest transpiles each file in isolation, so entity
 * columns always name their database type explicitly instead of relying on
 * emitted decorator metadata.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  roots: ['<rootDir>/test', '<rootDir>/engine', '<rootDir>/admin', '<rootDir>/resources', '<rootDir>/builder'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60000,
};
