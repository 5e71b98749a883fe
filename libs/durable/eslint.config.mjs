import baseConfig, { replaySafetyRules } from '../../eslint.config.mjs';

// The programming model runs inside orchestrations on every host: no SDK, no Node API, and nothing that
// would make a replay differ (wall clock, randomness, real timers).
export default [
  ...baseConfig,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'The programming model must not use Node APIs; it runs in every host.',
            },
            {
              group: [
                '@microsoft/durabletask-js',
                '@microsoft/durabletask-js/*',
                'durable-functions',
                'durable-functions/*',
                '@azure/*',
              ],
              message: 'SDKs belong in the adapters.',
            },
          ],
        },
      ],
      ...replaySafetyRules,
    },
  },
];
