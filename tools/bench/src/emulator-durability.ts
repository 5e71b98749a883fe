// The SQLite durability the emulator runs with, read from its store's source text (a file, not an
// import: tools stand alone), so the commit probe follows the emulator when its settings change.
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from './process-supervisor.js';

export interface Durability {
  journalMode: string;
  synchronous: string;
  source: string;
}

const STORE = 'tools/emulator/src/store/sqlite-store.ts';

export function emulatorDurability(): Durability {
  let text = '';
  try {
    text = fs.readFileSync(path.join(WORKSPACE_ROOT, STORE), 'utf8');
  } catch {
    return { journalMode: 'WAL', synchronous: 'NORMAL', source: `assumed: ${STORE} not found` };
  }
  const journal = text.match(/journal_mode\s*=\s*(\w+)/i)?.[1];
  const sync = text.match(/synchronous\s*=\s*(\w+)/i)?.[1];
  return {
    journalMode: journal?.toUpperCase() ?? 'WAL',
    synchronous: sync?.toUpperCase() ?? 'NORMAL',
    source: journal && sync ? `read from ${STORE}` : `assumed: no pragma found in ${STORE}`,
  };
}
