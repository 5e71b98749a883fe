// One line on stderr: the overall share of the run done, the phase, and the phase's own count.
// Without a terminal (CI, tests) it prints one line per phase instead of redrawing.
export interface Progress {
  phase(label: string): void;
  update(done: number, total: number): void;
  done(): void;
}

export function createProgressBar(phases: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const width = 28;
  const tty = Boolean(stream.isTTY);
  let index = 0;
  let label = '';
  let fraction = 0;
  let counter = '';
  const draw = () => {
    const overall = Math.min(1, (index - 1 + fraction) / phases);
    const filled = Math.round(overall * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    stream.write(`\r\x1b[2K${bar} ${String(Math.round(overall * 100)).padStart(3)}%  ${label} ${counter}`);
  };
  let last = 0;
  return {
    phase(next) {
      index = Math.min(phases, index + 1);
      label = next;
      fraction = 0;
      counter = '';
      if (tty) draw();
      else stream.write(`[bench ${index}/${phases}] ${next}\n`);
    },
    update(done, total) {
      fraction = total > 0 ? done / total : 0;
      counter = `${done}/${total}`;
      const now = Date.now();
      if (tty && (now - last > 100 || done === total)) {
        last = now;
        draw();
      }
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}

/** For tests and library callers that want no output. */
export const silentProgress: Progress = {
  phase: () => undefined,
  update: () => undefined,
  done: () => undefined,
};
