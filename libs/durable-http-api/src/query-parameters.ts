// Query-string values parsed the way the extension's HttpApiHandler parses them: a value that does not
// parse counts as absent (bool.TryParse, DateTime.TryParse, int.TryParse).

export function booleanParameter(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name)?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

export function dateParameter(query: URLSearchParams, name: string): Date | undefined {
  const value = query.get(name);
  if (value === null || value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function integerParameter(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || !/^\s*[+-]?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** Seconds, possibly fractional (TimeSpan.FromSeconds of a double), as milliseconds. */
export function secondsParameter(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Comma-separated (and repeated) values: `runtimeStatus=Running,Pending&runtimeStatus=Failed`. */
export function listParameter(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
