import type { KnipConfig } from 'knip';

// `npm run knip` (and so `npm test`) runs knip twice:
// - `knip`: unused files, exports and dependencies, and imports of packages nobody declares. Specs and
//   end-to-end tests are entries (the Vitest plugin reads vitest.config.mts), so an export used only by a
//   spec counts as used.
// - `knip --production --strict --include unlisted,binaries,unresolved --no-config-hints`: the shipped
//   code of each workspace (the patterns marked `!`) imports only what that workspace's own
//   `dependencies` list, so neither the root's devDependencies (which test/ and bench/ need) nor a
//   sibling workspace hides a missing declaration there. (Its hints would only say that the ignores
//   below, which serve the first run, are idle in production.)
const config: KnipConfig = {
  workspaces: {
    '.': {
      // bench/run.ts loads bench/NAME.bench.ts by name.
      entry: ['bench/*.bench.ts'],
      project: ['*.{ts,mts,mjs}', 'prisma/**/*.prisma', 'test/**/*.ts', 'bench/**/*.ts'],
      // Started by test/support/private-services.ts from the machine's own packages, not from npm.
      ignoreBinaries: ['redis-server'],
      // packages/mail-catcher/src/cli.spec.ts runs the CLI through node_modules/.bin/tsx, a path knip cannot follow.
      // test/browser/accessibility.e2e-spec.ts injects axe-core's script into the page by its path.
      ignoreDependencies: ['tsx', 'axe-core'],
    },
    'apps/api': {
      // The demo seed runs from scripts/start.sh.
      entry: ['src/seed/demo-seed.cli.ts!'],
      project: ['src/**/*.ts!'],
      // pino loads it by name (the development log transport, packages/config/src/log-format.ts), which knip cannot follow.
      ignoreDependencies: ['pino-pretty'],
    },
    'apps/worker': {
      project: ['src/**/*.ts!'],
      // As for the API: pino loads it by name in development.
      ignoreDependencies: ['pino-pretty'],
    },
    'apps/admin': {
      // The Vite plugin starts from index.html.
      project: ['src/**/*.{ts,tsx}!'],
    },
    'packages/*': {
      project: ['src/**/*.ts!'],
    },
    'packages/db': {
      // `npm run db:migrate` runs the migration CLI.
      entry: ['src/migrate.cli.ts!'],
      project: ['src/**/*.ts!'],
      // Imported by the generated client in src/generated/, which setup builds and git ignores.
      ignoreDependencies: ['@prisma/client'],
    },
  },
};

export default config;
