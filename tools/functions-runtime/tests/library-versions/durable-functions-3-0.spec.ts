import { describeDurableSamplesApp } from '../support/durable-samples-suite.js';

// The oldest durable-functions v3 (the npm alias durable-functions-3-0): OOProc schema V3, entity results without
// startTime, no context.df.lock, no client.suspend/resume.
describeDurableSamplesApp('3.0.0', { durableFunctions: 'durable-functions-3-0', criticalSections: false, clientSuspendResume: false });
