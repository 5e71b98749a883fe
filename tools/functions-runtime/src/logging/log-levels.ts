import type { RuntimeLogger } from '../runtime-logger.js';

/** Microsoft.Extensions.Logging levels, in order; a category logs at its minimum level and above. */
export const LOG_LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const LogLevel = {
  Trace: 0,
  Debug: 1,
  Information: 2,
  Warning: 3,
  Error: 4,
  Critical: 5,
  None: 6,
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/**
 * host.json `logging.logLevel` as the Functions host applies it (Microsoft.Extensions.Logging filter rules):
 * a category takes the level of the longest configured name it starts with (case-insensitive), else
 * `default`, else Information. `Function` covers `Function.<name>` and `Function.<name>.User`.
 */
export class LogLevels {
  readonly #rules: readonly { prefix: string; level: LogLevel }[];
  readonly #default: LogLevel;
  readonly #resolved = new Map<string, LogLevel>();

  constructor(logLevel: Readonly<Record<string, string>> = {}) {
    // Category names compare case-insensitively; a later entry (an environment override) wins.
    const byPrefix = new Map<string, LogLevel>();
    for (const [category, value] of Object.entries(logLevel))
      byPrefix.set(category.toLowerCase(), parseLevel(category, value));
    this.#default = byPrefix.get('default') ?? LogLevel.Information;
    byPrefix.delete('default');
    this.#rules = [...byPrefix]
      .map(([prefix, level]) => ({ prefix, level }))
      .sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The minimum level of a category (resolved once per category). */
  minimum(category: string): LogLevel {
    let level = this.#resolved.get(category);
    if (level === undefined) {
      const lower = category.toLowerCase();
      level = this.#rules.find((rule) => lower.startsWith(rule.prefix))?.level ?? this.#default;
      this.#resolved.set(category, level);
    }
    return level;
  }

  enabled(category: string, level: LogLevel): boolean {
    return level !== LogLevel.None && level >= this.minimum(category);
  }

  /** A logger for one category: lines below its level are dropped before they reach `sink`. */
  categoryLogger(category: string, sink: RuntimeLogger): RuntimeLogger {
    const minimum = this.minimum(category);
    return (level, message) => {
      if (SINK_LEVEL[level] >= minimum) sink(level, message);
    };
  }
}

const SINK_LEVEL: Record<Parameters<RuntimeLogger>[0], LogLevel> = {
  info: LogLevel.Information,
  warn: LogLevel.Warning,
  error: LogLevel.Error,
};

function parseLevel(category: string, value: string): LogLevel {
  const name = LOG_LEVELS.find((level) => level.toLowerCase() === String(value).toLowerCase());
  if (name === undefined) {
    throw new Error(
      `host.json logging.logLevel["${category}"] is '${value}', which is not a log level. Use one of: ${LOG_LEVELS.join(', ')}.`,
    );
  }
  return LogLevel[name];
}
