import { describe, expect, it } from 'vitest';
import { RouteTemplate } from './route-template.js';

describe('RouteTemplate', () => {
  it('matches literals case-insensitively and captures parameters', () => {
    const template = new RouteTemplate('products/{category}/{id}');
    expect(template.match('/Products/shoes/7')).toEqual({ category: 'shoes', id: '7' });
    expect(template.match('/products/shoes')).toBeUndefined();
    expect(template.match('/products/shoes/7/extra')).toBeUndefined();
  });

  it('checks constraints after the shape matches', () => {
    const template = new RouteTemplate('items/{id:int}/{slug:alpha:minlength(3)}');
    expect(template.match('items/12/abc')).toEqual({ id: '12', slug: 'abc' });
    expect(template.match('items/x/abc')).toBeUndefined();
    expect(template.match('items/12/ab')).toBeUndefined();
    expect(new RouteTemplate('g/{id:guid}').match('g/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBeDefined();
    expect(new RouteTemplate('r/{n:range(1,5)}').match('r/9')).toBeUndefined();
    expect(new RouteTemplate('b/{flag:bool}').match('b/TRUE')).toEqual({ flag: 'TRUE' });
    expect(new RouteTemplate('x/{code:regex(^[a-z]{{2}}$)}').match('x/ab')).toBeDefined();
  });

  it('allows a missing optional parameter and fills defaults', () => {
    expect(new RouteTemplate('orders/{id?}').match('orders')).toEqual({});
    expect(new RouteTemplate('orders/{id?}').match('orders/5')).toEqual({ id: '5' });
    expect(new RouteTemplate('page/{n=1}').match('page')).toEqual({ n: '1' });
  });

  it('captures the rest of the path in a catch-all parameter', () => {
    expect(new RouteTemplate('files/{*path}').match('files/a/b%20c/d.txt')).toEqual({ path: 'a/b c/d.txt' });
  });

  it('decodes percent-encoded segments', () => {
    expect(new RouteTemplate('hello/{name}').match('hello/S%C3%A3o%20Paulo')).toEqual({ name: 'São Paulo' });
  });

  it('ranks literal segments above parameters and catch-alls', () => {
    const literal = new RouteTemplate('a/b').precedence;
    const parameter = new RouteTemplate('a/{x}').precedence;
    const catchAll = new RouteTemplate('a/{*x}').precedence;
    expect(literal[1]).toBeGreaterThan(parameter[1]);
    expect(parameter[1]).toBeGreaterThan(catchAll[1]);
  });
});
