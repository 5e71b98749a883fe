// A zip file from a list of files, the same bytes for the same input (fixed timestamps, sorted entries), so
// two packages of one commit are identical.
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

// The earliest date a zip entry can hold is 1980; any fixed date makes the archive reproducible.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** Writes `zipFile` with each `files` entry (relative, `/`-separated) read from `fromDir`. */
export function writeZip(zipFile: string, fromDir: string, files: readonly string[]): void {
  const entries: Zippable = {};
  for (const file of [...files].sort()) {
    entries[file] = [fs.readFileSync(path.join(fromDir, file)), { mtime: FIXED_MTIME }];
  }
  fs.mkdirSync(path.dirname(zipFile), { recursive: true });
  fs.writeFileSync(zipFile, zipSync(entries, { level: 6 }));
}
