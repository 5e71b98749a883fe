import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Resolves package.json `main` the way the Functions worker does (globby, relative to the app folder):
 * `*`, `**`, `?` and `{a,b}` patterns, node_modules skipped. Node 20 has no fs.glob, hence this small one.
 */
export function resolveEntryPoints(appDir: string, pattern: string): string[] {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!/[*?{]/.test(normalized)) {
    return [path.resolve(appDir, normalized)];
  }
  const matcher = globToRegExp(normalized);
  const found: string[] = [];
  walk(appDir, '', (relative) => {
    if (matcher.test(relative)) found.push(path.join(appDir, relative));
  });
  return found.sort();
}

function walk(root: string, relative: string, visit: (relative: string) => void): void {
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, visit);
    else visit(child);
  }
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" matches zero or more folders
        source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      const options = glob.slice(i + 1, end).split(',').map(escapeRegExp);
      source += `(?:${options.join('|')})`;
      i = end;
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
