import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEntryPoints } from './entry-point-glob.js';

function appFolder(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'entry-points-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }
  return dir;
}

const relative = (dir: string, files: readonly string[]) => files.map((f) => path.relative(dir, f)).sort();

describe('package.json main, resolved as the Node worker resolves it', () => {
  it('expands braces that hold a wildcard, as the TypeScript template writes main', async () => {
    const dir = appFolder(['dist/src/index.js', 'dist/src/functions/a.js', 'dist/src/functions/b.js', 'dist/src/functions/a.js.map', 'dist/src/other.js']);
    const { files } = await resolveEntryPoints(dir, 'dist/src/{index.js,functions/*.js}');
    expect(relative(dir, files)).toEqual(['dist/src/functions/a.js', 'dist/src/functions/b.js', 'dist/src/index.js']);
  });

  it('matches ** across folders and skips nothing the worker would load', async () => {
    const dir = appFolder(['src/a.js', 'src/x/y/b.js', 'src/x/c.mjs']);
    expect(relative(dir, (await resolveEntryPoints(dir, 'src/**/*.{js,mjs}')).files)).toEqual(['src/a.js', 'src/x/c.mjs', 'src/x/y/b.js']);
  });

  it('takes a plain file name and says when it does not exist', async () => {
    const dir = appFolder(['index.js']);
    expect(relative(dir, (await resolveEntryPoints(dir, 'index.js')).files)).toEqual(['index.js']);
    expect(await resolveEntryPoints(dir, 'main.js')).toEqual({ files: [], problem: 'the file does not exist' });
    expect(await resolveEntryPoints(dir, 'dist/*.js')).toEqual({ files: [], problem: 'found zero files matching the pattern' });
  });
});
