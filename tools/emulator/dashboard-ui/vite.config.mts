// Builds the dashboard UI into tools/emulator/dist/dashboard-ui, which the emulator serves on the
// dashboard port. Everything is bundled: the page loads nothing from outside the emulator.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  // Workspace libraries (dts-protocol's status names) are bundled from their sources, as everywhere else.
  resolve: { conditions: ['@durable-hosts/source', ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard-ui', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts: the page's content security policy allows only its own files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
