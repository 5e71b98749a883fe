// SIGINT/SIGTERM → stop taking work, let in-flight work items finish, exit 0. The same signal again while
// stopping exits at once with 130 (the impatient second Ctrl+C). A different one is ignored: `nx serve`
// follows the terminal's SIGINT with its own SIGTERM, which must not cut the graceful stop short.

export interface ShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  log?: (message: string) => void;
  exit?: (code: number) => void;
  /** The process to listen on (tests pass an EventEmitter). */
  target?: Pick<NodeJS.Process, 'on' | 'removeListener'>;
}

/** Runs `stop` once on the first signal, then exits; returns a function that removes the handlers. */
export function stopOnSignals(stop: () => Promise<void>, options: ShutdownOptions = {}): () => void {
  const {
    signals = ['SIGINT', 'SIGTERM'],
    log = (message: string) => console.log(message),
    exit = (code: number) => process.exit(code),
    target = process,
  } = options;
  let stoppingOn: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingOn === signal) {
      log(`${signal} again: exiting without waiting.`);
      exit(130);
      return;
    }
    if (stoppingOn !== undefined) return;
    stoppingOn = signal;
    log(`${signal} received: finishing in-flight work, then exiting.`);
    stop().then(
      () => exit(0),
      (error: unknown) => {
        log(`Shutdown failed: ${(error as Error)?.message ?? String(error)}`);
        exit(1);
      },
    );
  };

  for (const signal of signals) target.on(signal, onSignal);
  return () => {
    for (const signal of signals) target.removeListener(signal, onSignal);
  };
}
