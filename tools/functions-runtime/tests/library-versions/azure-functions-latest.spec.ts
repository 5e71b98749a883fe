import { createRequire } from 'node:module';
import { describeLibraryVersion } from '../support/library-version-suite.js';

// The newest @azure/functions (the workspace's).
describeLibraryVersion('@azure/functions', (createRequire(import.meta.url)('@azure/functions/package.json') as { version: string }).version);
