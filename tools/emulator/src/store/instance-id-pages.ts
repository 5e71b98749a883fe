// The ids of the instances a filter matches, one page at a time in id order, resuming after the last id
// seen: a selection of any size can be walked in pages while the pages already walked change (a purge
// deletes them, a terminate changes their status) without skipping or repeating an instance.
import type Database from 'better-sqlite3';
import { instanceFilterSql, type InstanceFilter } from './instance-filter.js';

export function instanceIdsAfter(
  db: Database.Database,
  hub: string,
  filter: InstanceFilter,
  after: string | undefined,
  limit: number,
): string[] {
  const { where, params } = instanceFilterSql(hub, filter);
  if (after !== undefined) {
    where.push('instance_id > ?');
    params.push(after);
  }
  const sql = `SELECT instance_id FROM instances WHERE ${where.join(' AND ')} ORDER BY instance_id LIMIT ?`;
  return (db.prepare(sql).all(...params, limit) as { instance_id: string }[]).map((r) => r.instance_id);
}
