import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/generated/**',
      '.herald/**',
      'apps/admin/dist/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Layers point one way (docs/architecture.md, Layers and packages): pure packages import no framework
    // and no I/O library.
    files: ['packages/{config,contracts,domain,statistics,templating,bounces}/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@prisma/*',
                'bullmq',
                'ioredis',
                'pg',
                '@herald/db',
                '@herald/queue',
                '@herald/channels',
              ],
              message:
                'Pure packages must not depend on frameworks or I/O (docs/architecture.md, Layers and packages).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@herald/api', '@herald/worker', '@herald/admin', '**/apps/**'],
              message: 'Nothing in packages/ imports from apps/.',
            },
          ],
        },
      ],
    },
  },
);
