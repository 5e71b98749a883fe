// The one translation of an instance filter into SQL, used by every query over `instances` (gRPC
// QueryInstances, ListInstanceIds and purges, the dashboard's list and counts).
import { OrchestrationStatusCode, TERMINAL_STATUS_NAMES } from '@durable-hosts/dts-protocol';

/** dts-protocol's terminal statuses as codes, for SQL `IN` lists. */
export const TERMINAL_STATUSES: readonly number[] = TERMINAL_STATUS_NAMES.map((name) => OrchestrationStatusCode[name]);

export interface InstanceFilter {
  statuses?: readonly number[];
  /** Exact orchestration names. */
  names?: readonly string[];
  /**
   * Case-sensitive, as in DTS and the Durable Task backends (Azure Storage queries a key range,
   * Netherite uses StartsWith; durabletask-js lower-cases an entity query's name part because the
   * scheduler compares exactly). A key range, so SQLite walks the primary key.
   */
  instanceIdPrefix?: string;
  createdFrom?: number;
  createdTo?: number;
  completedFrom?: number;
  completedTo?: number;
  /** Free text, matched case-insensitively in instance id, name, tags and custom status. */
  text?: string;
  /** `key` (has the tag) or `key=value` (the tag equals). */
  tags?: readonly string[];
}

export interface FilterSql {
  /** Conditions to AND together; the first is always the task hub. */
  where: string[];
  params: unknown[];
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function inList(column: string, values: readonly unknown[], sql: FilterSql): void {
  sql.where.push(`${column} IN (${values.map(() => '?').join(',')})`);
  sql.params.push(...values);
}

function range(column: string, from: number | undefined, to: number | undefined, sql: FilterSql): void {
  if (from !== undefined) {
    sql.where.push(`${column} >= ?`);
    sql.params.push(from);
  }
  if (to !== undefined) {
    sql.where.push(`${column} <= ?`);
    sql.params.push(to);
  }
}

/** The WHERE conditions of `f` in task hub `hub`; callers may push more (cursors) before joining them. */
export function instanceFilterSql(hub: string, f: InstanceFilter): FilterSql {
  const sql: FilterSql = { where: ['hub = ?'], params: [hub] };
  if (f.statuses && f.statuses.length > 0) inList('status', f.statuses, sql);
  if (f.names && f.names.length > 0) inList('name', f.names, sql);
  if (f.instanceIdPrefix) {
    sql.where.push('instance_id >= ? AND instance_id < ?');
    sql.params.push(f.instanceIdPrefix, `${f.instanceIdPrefix}\u{10ffff}`);
  }
  range('created_at', f.createdFrom, f.createdTo, sql);
  range('completed_at', f.completedFrom, f.completedTo, sql);
  if (f.text) {
    const pattern = `%${escapeLike(f.text)}%`;
    sql.where.push(
      "(instance_id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\' OR custom_status LIKE ? ESCAPE '\\')",
    );
    sql.params.push(pattern, pattern, pattern, pattern);
  }
  for (const tag of f.tags ?? []) {
    const eq = tag.indexOf('=');
    const key = eq >= 0 ? tag.slice(0, eq) : tag;
    const path = `$."${key.replace(/"/g, '""')}"`;
    if (eq >= 0) {
      sql.where.push('json_extract(tags, ?) = ?');
      sql.params.push(path, tag.slice(eq + 1));
    } else {
      sql.where.push('json_type(tags, ?) IS NOT NULL');
      sql.params.push(path);
    }
  }
  return sql;
}
