// `.funcignore`: what Core Tools leaves out when it publishes a Functions app (gitignore syntax, one rule a
// line, `#` comments, `!` to take a path back), read with the `ignore` package as the Azure Functions
// GitHub Action reads it.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const FUNCIGNORE = '.funcignore';

export interface FuncIgnore {
  /** Whether `file` (relative, `/`-separated) stays out of the package. */
  ignores(file: string): boolean;
  /** The rules as read, for messages. */
  readonly rules: readonly string[];
}

/** The rules of `<appDir>/.funcignore`; without the file nothing is left out. */
export function readFuncIgnore(appDir: string): FuncIgnore {
  const file = path.join(appDir, FUNCIGNORE);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const matcher: Ignore = ignore().add(rules);
  return { rules, ignores: (relative) => matcher.ignores(relative) };
}
