// ESLint flat config: @eslint/js + typescript-eslint recommended (syntax-only: the type-checked
// presets would make `npm run lint` as slow as tsc), the classic React hooks rules for the AdminJS
// components, and eslint-config-prettier last so layout is Prettier's alone.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '.adminjs/**', // AdminJS's generated component bundle
      '.kafka/**', // broker jars and data
      '.local/**',
      'test-results/**',
      'coverage/**',
      'dist/**',
      'docker/kafka/target/**',
      '**/*.bundle.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a deliberately unused name: Express's 4-argument error handlers, keys dropped by destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A `let` read by a closure before its one assignment (a signal handler installed before a slow start) must stay `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['test/**', '**/*.spec.ts', '**/*.test.ts'],
    rules: {
      // Tests read raw mysql2 rows and JSON replies ad hoc and build deliberately malformed inputs; the production code is checked.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['admin/components/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // Only the classic hook rules: v7's `recommended` adds React Compiler diagnostics (refs, purity, set-state-in-effect,
    // use-memo, ...), but AdminJS bundles these components for React 18 without the compiler.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  prettier,
);
