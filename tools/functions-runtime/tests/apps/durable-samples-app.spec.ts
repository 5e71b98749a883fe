import { describeDurableSamplesApp } from '../support/durable-samples-suite.js';

// The workspace's durable-functions: the newest 3.x, with critical sections (OOProc schema V4).
describeDurableSamplesApp('3.5.0', { criticalSections: true, clientSuspendResume: true });
