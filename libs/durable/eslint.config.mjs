import baseConfig from '../../eslint.config.mjs';

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
    },
  },
];
