// `durable`: run the command line, then exit at once (TaskHubGrpcClient.stop() would pause a second, and
// the OS closes the channel anyway), after stdout has been written out.
import { runCli } from './program.js';

// `durable list | head`: a reader that has gone is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
