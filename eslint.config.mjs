// One ESLint flat config for the workspace. The dependency arrows point one way and the lint proves it:
// workflows -> the model; adapters -> the model (+ one SDK); hosts -> adapters + workflows; tools stand alone.
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/node_modules',
      '**/test-output',
      '**/vite.config.*.timestamp*',
      '**/vitest.config.*.timestamp*',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/vitest\\.shared\\.mjs$'],
          depConstraints: [
            // Protocol facts (status codes and names, ...) import nothing; every project may use them.
            { sourceTag: 'type:protocol', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:protocol'] },
            { sourceTag: 'type:workflow-lib', onlyDependOnLibsWithTags: ['type:protocol', 'type:model'] },
            // How every part connects to DTS (settings, channel, metadata, tokens, backoff): protocol facts only.
            { sourceTag: 'type:connection', onlyDependOnLibsWithTags: ['type:protocol'] },
            // Adapters' tests may start the real emulator (test-support imports none of our code).
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:protocol', 'type:model', 'type:connection', 'type:adapter', 'type:test-support'],
            },
            {
              sourceTag: 'type:host',
              onlyDependOnLibsWithTags: [
                'type:protocol',
                'type:model',
                'type:workflow-lib',
                'type:connection',
                'type:adapter',
                'type:cli',
                'type:test-support',
              ],
            },
            // The `durable` CLI: a client over the DTS connection and the shared management API.
            { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:protocol', 'type:connection', 'type:adapter', 'type:test-support'] },
            // Test helpers spawn processes by path; they import none of our code.
            { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: [] },
            // Tools stand alone (protocol facts aside); the Functions runtime is the stated exception: it connects through
            // dts-connection and serves the shared Durable HTTP API.
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:protocol', 'type:test-support'] },
            {
              sourceTag: 'type:functions-runtime',
              onlyDependOnLibsWithTags: ['type:protocol', 'type:connection', 'type:adapter', 'type:test-support'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

/**
 * What orchestration code may not touch because a replay would differ: the wall clock, randomness, real
 * timers. Used by libs/durable and libs/workflows, which add their own import rules.
 */
export const replaySafetyRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use ctx.currentUtcDateTime (replay-safe).' },
    { object: 'Math', property: 'random', message: 'Use ctx.newGuid() or an activity (replay-safe).' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use ctx.createTimer (a durable timer).' },
    { name: 'setInterval', message: 'Use ctx.createTimer in a loop or continue-as-new.' },
  ],
};
