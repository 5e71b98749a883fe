// How SQLite failures are told apart (a file that can't be written vs. a bad statement) and reported:
// always naming the database file and what to do.

export function sqliteReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

export function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Errors that mean the file can't be written (disk full, I/O, read-only, corrupt), not a bad statement. */
export function isStorageFailure(err: unknown): boolean {
  return /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|CANTOPEN|NOTADB|PROTOCOL)/.test(sqliteCode(err) ?? '');
}

export function storageFailure(file: string, err: unknown): Error {
  return new Error(
    `The emulator database ${file} could not be written (${sqliteReason(err)}). The emulator stops: the changes ` +
      'of this moment were not acknowledged to any client, and everything acknowledged before is safe in the file. ' +
      'Free disk space or fix the file permissions, then start the emulator again; work resumes where it stopped.',
  );
}

export function cannotOpenForWriting(file: string, err: unknown, detail = ''): Error {
  return new Error(
    `Cannot open the emulator database ${file} for writing (${sqliteReason(err)}${detail}). Check that the file and ` +
      'its folder exist and are writable and that the disk is not full, or choose another --db file.',
  );
}
