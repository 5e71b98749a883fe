// Plays a Dockerfile's instructions on this machine, where no Docker engine runs: COPY from the build
// context into a fresh folder that stands for the image's WORKDIR, RUN there with the ENV so far, and hand
// back the CMD to start. Only the instructions our Dockerfiles use are understood; any other fails the
// test, so a Dockerfile cannot grow a step these tests do not play. FROM and USER are recorded, not
// emulated (the base image's Node is this machine's Node here).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ReplayedImage {
  readonly from: string;
  /** The folder that plays the image's WORKDIR. */
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cmd: readonly string[];
  readonly exposed: readonly string[];
  /** The RUN commands, as written. */
  readonly runs: readonly string[];
}

export interface ReplayOptions {
  /** The environment RUN starts from (the image's ENV is added to it); default process.env. */
  runEnv?: NodeJS.ProcessEnv;
}

/** Instructions with their arguments, comments dropped and `\` continuations joined. */
export function parseDockerfile(text: string): Array<{ instruction: string; args: string }> {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

/** `A=1 B="two words"` → { A: '1', B: 'two words' } */
function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[match[1]] = match[3] ?? match[2];
  if (Object.keys(env).length === 0) throw new Error(`ENV '${args}' is not in the KEY=value form these tests play.`);
  return env;
}

function execForm(args: string, instruction: string): string[] {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((part) => typeof part === 'string')) return parsed;
  } catch {
    // reported below
  }
  throw new Error(`${instruction} ${args}: use the exec form ["node", "..."], which runs without a shell.`);
}

export function replayDockerfile(context: string, workdir: string, options: ReplayOptions = {}): ReplayedImage {
  const steps = parseDockerfile(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
  let from = '';
  let cmd: string[] = [];
  const env: Record<string, string> = {};
  const exposed: string[] = [];
  const runs: string[] = [];
  fs.mkdirSync(workdir, { recursive: true });
  for (const { instruction, args } of steps) {
    switch (instruction) {
      case 'FROM':
        from = args;
        break;
      case 'WORKDIR':
      case 'USER':
        break;
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'COPY': {
        const parts = args.split(/\s+/);
        if (parts.some((part) => part.startsWith('--'))) throw new Error(`COPY ${args}: options are not played here.`);
        const written = parts.at(-1) ?? '';
        const destination = path.join(workdir, written);
        const sources = parts.slice(0, -1);
        for (const source of sources) {
          const origin = path.join(context, source);
          if (!fs.existsSync(origin)) throw new Error(`COPY ${args}: '${source}' is not in the build context ${context}.`);
          // A folder's contents go into the destination; a file goes into it when it names a folder.
          const intoFolder = fs.statSync(origin).isFile() && (written.endsWith('/') || sources.length > 1);
          const target = intoFolder ? path.join(destination, path.basename(source)) : destination;
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.cpSync(origin, target, { recursive: true });
        }
        break;
      }
      case 'RUN':
        runs.push(args);
        execFileSync('sh', ['-c', args], { cwd: workdir, env: { ...(options.runEnv ?? process.env), ...env }, stdio: 'pipe' });
        break;
      case 'EXPOSE':
        exposed.push(...args.split(/\s+/));
        break;
      case 'CMD':
        cmd = execForm(args, 'CMD');
        break;
      default:
        throw new Error(`Dockerfile instruction ${instruction} is not played by these tests; extend tests/support/dockerfile-replay.ts.`);
    }
  }
  if (from === '') throw new Error('The Dockerfile has no FROM.');
  if (cmd.length === 0) throw new Error('The Dockerfile has no CMD.');
  return { from, workdir, env, cmd, exposed, runs };
}
