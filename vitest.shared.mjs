// One test configuration for every project, so that each project's vitest.config.mts stays a one-liner.
// Projects read each other's src/ through the "@durable-hosts/source" export condition (no build needed).
import { defaultServerConditions, defineConfig } from 'vite';

export const sourceConditions = ['@durable-hosts/source', ...defaultServerConditions];

/**
 * @param {string} root the project folder (import.meta.dirname of its vitest.config.mts)
 * @param {string} name the Nx project name, shown in the test report
 * @param {import('vitest/config').ViteUserConfig['test']} [overrides]
 */
export function projectTestConfig(root, name, overrides = {}) {
  return defineConfig({
    root,
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@durable-hosts/source'] } },
    test: {
      name,
      watch: false,
      globals: true,
      environment: 'node',
      include: ['{src,tests}/**/*.{test,spec}.ts'],
      reporters: process.env.CI ? ['default', ['json', { outputFile: `${root}/test-output/results.json` }]] : ['default'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
