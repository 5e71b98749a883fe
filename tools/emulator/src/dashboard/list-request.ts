// Reads the orchestration list's query string: filters, sort and page. Unknown values are refused with
// a message that names the parameter and what it accepts.
import { RUNTIME_STATUS_NAMES, parseRuntimeStatus } from '@durable-hosts/dts-protocol';
import { ApiError } from './api-error.js';
import type { InstanceFilter } from '../store/instance-filter.js';
import { SORT_COLUMNS, type SortKey, type SortedPageRequest } from '../store/instance-queries.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** Offset paging ends here; beyond it, filters (created range, status, name) or the reverse sort find rows faster. */
export const MAX_OFFSET = 10_000;

function list(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function parseStatuses(values: readonly string[]): number[] {
  return values.map((s) => {
    const status = parseRuntimeStatus(s);
    if (status === undefined) {
      const known = RUNTIME_STATUS_NAMES.map((name) => name.toLowerCase()).join(', ');
      throw new ApiError(400, `Unknown status '${s}'. Use one or more of: ${known} (case-insensitive).`);
    }
    return status;
  });
}

export function parseTime(value: string | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiError(400, `${name} must be an ISO date-time or epoch milliseconds, got '${value}'.`);
  return ms;
}

function positiveInt(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(400, `${name} must be a positive integer, got '${value}'.`);
  return n;
}

export function parseFilter(params: URLSearchParams): InstanceFilter {
  return {
    statuses: parseStatuses(list(params, 'status')),
    names: params.getAll('name').filter(Boolean),
    instanceIdPrefix: params.get('prefix') || undefined,
    createdFrom: parseTime(params.get('createdFrom'), 'createdFrom'),
    createdTo: parseTime(params.get('createdTo'), 'createdTo'),
    text: params.get('q')?.trim() || undefined,
    tags: params.getAll('tag').filter(Boolean),
  };
}

/**
 * `maxPage`: the last page that has rows and that paging reaches (at least 1); `morePastMaxPage`: rows
 * match beyond it that paging does not reach (the filters must narrow the list, or the order reverse).
 */
export function lastPage(total: number, totalIsLowerBound: boolean, pageSize: number): { maxPage: number; morePastMaxPage: boolean } {
  const pagingCap = Math.floor(MAX_OFFSET / pageSize) + 1;
  const maxPage = Math.max(1, Math.min(Math.ceil(total / pageSize), pagingCap));
  return { maxPage, morePastMaxPage: totalIsLowerBound || total > maxPage * pageSize };
}

export function parsePageRequest(params: URLSearchParams): SortedPageRequest & { page: number } {
  const sortParam = params.get('sort') || 'createdAt';
  if (!(sortParam in SORT_COLUMNS)) {
    throw new ApiError(400, `Unknown sort '${sortParam}'. Use one of: ${Object.keys(SORT_COLUMNS).join(', ')}.`);
  }
  const order = params.get('order') || 'desc';
  if (order !== 'asc' && order !== 'desc') throw new ApiError(400, `order must be 'asc' or 'desc', got '${order}'.`);
  const pageSize = Math.min(positiveInt(params.get('pageSize'), 'pageSize', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const page = positiveInt(params.get('page'), 'page', 1);
  if ((page - 1) * pageSize > MAX_OFFSET) {
    throw new ApiError(
      400,
      `Page ${page} starts after row ${MAX_OFFSET}, where paging stops. Narrow the list with filters (created ` +
        'range, status, name) or reverse the sort order to reach older rows.',
    );
  }
  return {
    ...parseFilter(params),
    sort: sortParam as SortKey,
    descending: order === 'desc',
    offset: (page - 1) * pageSize,
    limit: pageSize,
    page,
  };
}
