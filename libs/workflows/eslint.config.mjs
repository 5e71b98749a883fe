import baseConfig from '../../eslint.config.mjs';

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
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use ctx.currentUtcDateTime (replay-safe).' },
        { object: 'Math', property: 'random', message: 'Use ctx.newGuid() or an activity (replay-safe).' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use ctx.createTimer (a durable timer).' },
        { name: 'setInterval', message: 'Use ctx.createTimer in a loop or continue-as-new.' },
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
