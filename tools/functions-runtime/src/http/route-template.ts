/**
 * ASP.NET-style route templates as Functions HTTP triggers use them: `products/{category:alpha}/{id:int?}`,
 * `files/{*path}`, literals matched case-insensitively, constraints checked after the shape matches.
 */
export interface RouteParameter {
  readonly name: string;
  readonly optional: boolean;
  readonly catchAll: boolean;
  readonly constraints: readonly string[];
  readonly defaultValue?: string;
}

interface Segment {
  readonly pattern: RegExp;
  readonly parameters: readonly RouteParameter[];
  /** A segment that is exactly one optional or catch-all parameter may be absent. */
  readonly optional: boolean;
  readonly catchAll: boolean;
  readonly literal: boolean;
}

export class RouteTemplate {
  readonly #segments: Segment[];

  constructor(readonly template: string) {
    const trimmed = template.replace(/^\/+|\/+$/g, '');
    this.#segments = trimmed === '' ? [] : trimmed.split('/').map((text) => parseSegment(text, template));
  }

  get parameters(): RouteParameter[] {
    return this.#segments.flatMap((s) => s.parameters);
  }

  /** Higher = more specific; used to try literal routes before parameter and catch-all routes. */
  get precedence(): number[] {
    return this.#segments.map((s) => (s.literal ? 3 : s.catchAll ? 0 : s.optional ? 1 : 2));
  }

  /** Matches a decoded path (without the route prefix); returns the parameters or undefined. */
  match(path: string): Record<string, string> | undefined {
    const parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((p, i, all) => p !== '' || all.length > 1);
    const values: Record<string, string> = {};
    for (let i = 0; i < this.#segments.length; i++) {
      const segment = this.#segments[i];
      if (segment.catchAll) {
        const rest = safeDecode(parts.slice(i).join('/'));
        const parameter = segment.parameters[0];
        if (rest !== '') values[parameter.name] = rest;
        else if (parameter.defaultValue !== undefined) values[parameter.name] = parameter.defaultValue;
        return rest === '' || satisfiesConstraints(rest, parameter.constraints) ? values : undefined;
      }
      const part = parts[i];
      if (part === undefined || part === '') {
        if (!segment.optional) return undefined;
        const parameter = segment.parameters[0];
        if (parameter.defaultValue !== undefined) values[parameter.name] = parameter.defaultValue;
        continue;
      }
      const found = segment.pattern.exec(part);
      if (!found) return undefined;
      for (const [index, parameter] of segment.parameters.entries()) {
        const value = safeDecode(found[index + 1]);
        if (!satisfiesConstraints(value, parameter.constraints)) return undefined;
        values[parameter.name] = value;
      }
    }
    return parts.length <= this.#segments.length ? values : undefined;
  }
}

function parseSegment(text: string, template: string): Segment {
  const parameters: RouteParameter[] = [];
  let pattern = '';
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      pattern += escapeRegExp(rest);
      break;
    }
    pattern += escapeRegExp(rest.slice(0, open));
    const close = findClosingBrace(rest, open);
    if (close < 0) throw new Error(`Route template '${template}' has an unclosed '{' in segment '${text}'.`);
    const parameter = parseParameter(rest.slice(open + 1, close));
    parameters.push(parameter);
    pattern += parameter.catchAll ? '(.+)' : '([^/]+?)';
    rest = rest.slice(close + 1);
  }
  const single = parameters.length === 1 && text.startsWith('{') && text.endsWith('}');
  return {
    pattern: new RegExp(`^${pattern}$`, 'i'),
    parameters,
    optional: single && (parameters[0].optional || parameters[0].defaultValue !== undefined),
    catchAll: single && parameters[0].catchAll,
    literal: parameters.length === 0,
  };
}

function findClosingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{' || text[i] === '(') depth++;
    else if (text[i] === '}' || text[i] === ')') depth--;
    if (depth === 0 && text[i] === '}') return i;
  }
  return -1;
}

function parseParameter(body: string): RouteParameter {
  let text = body.trim();
  const catchAll = text.startsWith('*');
  if (catchAll) text = text.replace(/^\*+/, '');
  let defaultValue: string | undefined;
  const equals = text.indexOf('=');
  if (equals >= 0) {
    defaultValue = text.slice(equals + 1);
    text = text.slice(0, equals);
  }
  const optional = text.endsWith('?');
  if (optional) text = text.slice(0, -1);
  const [name, ...constraints] = splitConstraints(text);
  return { name, optional, catchAll, constraints, defaultValue };
}

/** Splits `id:int:range(1,5)` on the colons that are not inside parentheses. */
function splitConstraints(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function satisfiesConstraints(value: string, constraints: readonly string[]): boolean {
  return constraints.every((constraint) => satisfies(value, constraint));
}

function satisfies(value: string, constraint: string): boolean {
  const call = /^(\w+)(?:\((.*)\))?$/s.exec(constraint);
  if (!call) return true;
  const [, name, args = ''] = call;
  const numbers = args.split(',').map(Number);
  switch (name.toLowerCase()) {
    case 'int':
    case 'long':
      return /^-?\d+$/.test(value);
    case 'decimal':
    case 'double':
    case 'float':
      return /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value);
    case 'bool':
      return /^(true|false)$/i.test(value);
    case 'guid':
      return /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(value);
    case 'datetime':
      return !Number.isNaN(Date.parse(value));
    case 'alpha':
      return /^[a-z]+$/i.test(value);
    case 'minlength':
      return value.length >= numbers[0];
    case 'maxlength':
      return value.length <= numbers[0];
    case 'length':
      return numbers.length === 1 ? value.length === numbers[0] : value.length >= numbers[0] && value.length <= numbers[1];
    case 'min':
      return Number(value) >= numbers[0];
    case 'max':
      return Number(value) <= numbers[0];
    case 'range':
      return Number(value) >= numbers[0] && Number(value) <= numbers[1];
    case 'regex':
      // Route templates escape braces by doubling them: regex(^\\d{{3}}$).
      return new RegExp(args.replace(/\{\{/g, '{').replace(/\}\}/g, '}'), 'i').test(value);
    default:
      return true;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
