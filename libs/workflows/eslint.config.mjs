import baseConfig, { replaySafetyRules } from '../../eslint.config.mjs';

// Workflow code is replayed: it must import nothing but the programming model and must not read the wall
// clock, randomness or real timers (use ctx.currentUtcDateTime, ctx.newGuid(), ctx.createTimer).
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
            { group: ['node:*'], message: 'Workflows must not use Node APIs: put I/O in an activity.' },
            {
              group: [
                '@microsoft/*',
                'durable-functions',
                'durable-functions/*',
                '@azure/*',
                'express',
                '@durable-hosts/*',
                '!@durable-hosts/durable',
              ],
              message: 'Workflows import only @durable-hosts/durable; hosts and adapters bring the SDKs.',
            },
          ],
        },
      ],
      ...replaySafetyRules,
      'no-restricted-globals': [
        ...replaySafetyRules['no-restricted-globals'],
        { name: 'fetch', message: 'Do I/O in an activity.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the wall clock: use ctx.currentUtcDateTime.',
        },
      ],
    },
  },
];
