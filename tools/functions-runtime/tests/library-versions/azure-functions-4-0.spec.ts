import { describeLibraryVersion } from '../support/library-version-suite.js';

// The oldest @azure/functions v4 an app may pin (an npm alias in the runtime's devDependencies).
describeLibraryVersion('azure-functions-4-0', '4.0.0');
