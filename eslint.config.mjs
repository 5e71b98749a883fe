// One ESLint flat config for the workspace. The dependency arrows point one way and the lint proves it:
// workflows -> the model; adapters -> the model (+ one SDK); hosts -> adapters + workflows; tools stand alone.
import nx from '@nx/eslint-plugin';

/** What each kind of project may import (by tag), in production code. */
const ARROWS = {
  // Protocol facts (status codes and names, ...) import nothing; every project may use them.
  'type:protocol': [],
  'type:model': ['type:protocol'],
  'type:workflow-lib': ['type:protocol', 'type:model'],
  // How every part connects to DTS (settings, channel, metadata, tokens, backoff): protocol facts only.
  'type:connection': ['type:protocol'],
  // An adapter binds the model to one SDK; adapters do not import each other.
  'type:adapter': ['type:protocol', 'type:model', 'type:connection'],
  // The Durable HTTP management API, over any durabletask-js client: protocol facts only.
  'type:http-api': ['type:protocol'],
  'type:host': ['type:protocol', 'type:model', 'type:workflow-lib', 'type:connection', 'type:adapter', 'type:http-api', 'type:cli'],
  // The `durable` CLI: a client over the DTS connection and the shared management API.
  'type:cli': ['type:protocol', 'type:connection', 'type:http-api'],
  // Test helpers spawn processes by path; they import none of our code but protocol facts.
  'type:test-support': ['type:protocol'],
  // Tools stand alone (protocol facts aside); the Functions runtime is the stated exception: it connects
  // through dts-connection and serves the shared Durable HTTP API.
  'type:tool': ['type:protocol'],
  'type:functions-runtime': ['type:protocol', 'type:connection', 'type:http-api'],
};

/**
 * What tests may import besides: test-support (the real emulator process) everywhere, and the real code they
 * drive — the product's workflows for the adapters' contract tests and the CLI's worker, the connection for
 * the HTTP API's tests, an adapter for the CLI's worker.
 */
const TEST_ARROWS = {
  'type:adapter': ['type:workflow-lib'],
  'type:http-api': ['type:connection'],
  'type:cli': ['type:adapter', 'type:workflow-lib'],
};

const TEST_FILES = ['**/tests/**/*', '**/*.spec.ts', '**/*.test.ts'];

function moduleBoundaries(arrows) {
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/vitest\\.shared\\.mjs$'],
      depConstraints: Object.entries(arrows).map(([sourceTag, tags]) => ({ sourceTag, onlyDependOnLibsWithTags: tags })),
    },
  ];
}

const testArrows = Object.fromEntries(
  Object.entries(ARROWS).map(([tag, tags]) => [tag, [...tags, ...(TEST_ARROWS[tag] ?? []), 'type:test-support']]),
);

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
      '@nx/enforce-module-boundaries': moduleBoundaries(ARROWS),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(testArrows) },
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
