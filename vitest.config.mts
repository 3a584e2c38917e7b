import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Tests run against each package's source, so no build is needed before a unit test.
const packages = readdirSync(resolve(import.meta.dirname, 'packages'));
const alias = [
  { find: '@herald/db/testing', replacement: resolve(import.meta.dirname, 'packages/db/src/testing/index.ts') },
  ...packages.map((name) => ({
    find: new RegExp(`^@herald/${name}$`),
    replacement: resolve(import.meta.dirname, `packages/${name}/src/index.ts`),
  })),
];

export default defineConfig({
  // SWC, not esbuild: NestJS needs decorator metadata, which esbuild does not emit.
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })],
  resolve: { alias },
  test: {
    include: [
      'packages/*/src/**/*.spec.ts',
      'apps/api/src/**/*.spec.ts',
      'apps/worker/src/**/*.spec.ts',
      // The admin app's pure helpers (node environment, as in its own config), so npm test runs them too.
      'apps/admin/src/**/*.spec.ts',
      'apps/*/test/**/*.e2e-spec.ts',
      'test/**/*.e2e-spec.ts',
    ],
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
