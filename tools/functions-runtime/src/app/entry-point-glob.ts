import path from 'node:path';
import { globby, isDynamicPattern } from 'globby';

export interface EntryPoints {
  /** Absolute paths, in the order the worker loads them (globby's). */
  readonly files: string[];
  /** Set when nothing matched: why, in the worker's words. */
  readonly problem?: string;
}

/**
 * Resolves package.json `main` exactly as the Node worker does (startApp.ts: `globby(main, { cwd: appDir })`
 * with globby's defaults): braces with wildcards inside, `**`, several files; a folder expands to its files.
 */
export async function resolveEntryPoints(appDir: string, pattern: string): Promise<EntryPoints> {
  const matches = await globby(pattern, { cwd: appDir });
  if (matches.length > 0) return { files: matches.map((file) => path.join(appDir, file)) };
  return { files: [], problem: isDynamicPattern(pattern, { cwd: appDir }) ? 'found zero files matching the pattern' : 'the file does not exist' };
}
