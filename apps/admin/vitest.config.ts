import { defineConfig } from 'vitest/config';

// The root config runs the back-end packages; the admin app's pure helpers are tested here, in a DOM-less node run.
export default defineConfig({
  test: { include: ['src/**/*.spec.ts'], environment: 'node', env: { TZ: 'UTC' } },
});
