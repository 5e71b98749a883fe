import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, resolveEntryPoints } from './entry-point-glob.js';

describe('package.json main as a glob', () => {
  it('translates *, ** and {a,b} like globby', () => {
    expect(globToRegExp('dist/functions/*.js').test('dist/functions/a.js')).toBe(true);
    expect(globToRegExp('dist/functions/*.js').test('dist/functions/sub/a.js')).toBe(false);
    expect(globToRegExp('dist/**/*.js').test('dist/a.js')).toBe(true);
    expect(globToRegExp('dist/**/*.js').test('dist/x/y/a.js')).toBe(true);
    expect(globToRegExp('src/*.{js,mjs}').test('src/a.mjs')).toBe(true);
  });

  it('lists the matching files of an app folder, sorted, skipping node_modules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'entry-points-'));
    mkdirSync(path.join(dir, 'dist/functions'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules/dist/functions'), { recursive: true });
    for (const file of ['dist/functions/b.js', 'dist/functions/a.js', 'dist/functions/a.js.map', 'node_modules/dist/functions/c.js']) {
      writeFileSync(path.join(dir, file), '');
    }
    expect(resolveEntryPoints(dir, 'dist/functions/*.js')).toEqual([path.join(dir, 'dist/functions/a.js'), path.join(dir, 'dist/functions/b.js')]);
    expect(resolveEntryPoints(dir, './dist/functions/a.js')).toEqual([path.join(dir, 'dist/functions/a.js')]);
  });
});
