import type { Express, NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DirectHandler } from './direct-handlers';
import { middlewareErrors } from './security';

/** What this file reads of Express's router (express 5, router 2): its stack of layers, as Express itself walks it. */
interface RouterLayer {
  handle: (...args: any[]) => unknown;
  /** Mounted with app.use() at the root: matches every path. */
  slash: boolean;
  route?: { path: unknown; methods: Record<string, boolean>; stack: RouterLayer[] };
  match(path: string): unknown;
}

type Part = string | { param: string };

interface Known {
  kind: 'route';
  method: string;
  parts: Part[];
  route: NonNullable<RouterLayer['route']>;
  handle: RouterLayer['handle'];
  /** The route's controller method run directly (direct-handlers.ts) instead of Nest's handler, where it can be. */
  direct?: DirectHandler;
  /** The middleware layers before this route in the stack, in order. */
  before: RouterLayer[];
}

/** A route whose path this file does not read (a pattern, a trailing slash): asked with the router's own matcher, and a request it matches goes to Express. */
interface Opaque {
  kind: 'opaque';
  layer: RouterLayer;
}

const PLAIN_PATH = /^(?:\/(?:[A-Za-z0-9._~-]+|:[A-Za-z_$][A-Za-z0-9_$]*))+$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** decodeURIComponent as the router decodes a parameter; undefined where the router would answer 400. */
function decodeParam(value: string): string | undefined {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * Express's router looks for a request's route by trying every layer of its stack in turn (about
 * ninety routes here, each a regular expression, with the router's bookkeeping per layer). This is
 * the same dispatch for the plain case, from a table made once from that stack: the middleware
 * layers before the route run as they are, in order, with Express's own request and response
 * objects, and then the route's own handler (Nest's, with its guards, pipes and filters). Nothing
 * is answered here; only the search is shorter. A request it is not sure of (another method, a
 * trailing slash, a path a mounted middleware or a route pattern it does not read could claim, a
 * parameter the router would refuse to decode) goes to Express untouched.
 */
export interface RoutesFirstOptions {
  /** Controller methods to run instead of Nest's handler, by `METHOD /path` (directHandlers). */
  direct?: ReadonlyMap<string, DirectHandler>;
  /**
   * Middleware that passes on every request this lane takes, so it is not called for them: noTrailingSlash
   * (the lane takes no path that ends in a slash).
   */
  passes?: ReadonlySet<Function>;
}

export function routesFirst(app: Express, options: RoutesFirstOptions = {}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const ordered = routeTable((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, options.direct ?? new Map(), options.passes ?? new Set());

  const find = (method: string, path: string): { known: Known; params: Record<string, string> } | undefined => {
    const segments = path.split('/');
    segments.shift();
    for (const entry of ordered(method, segments.length)) {
      if (entry.kind === 'opaque') {
        if (entry.layer.match(path)) return undefined;
        continue;
      }
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const part = entry.parts[i];
        const segment = segments[i];
        // The router matches without regard to case.
        if (typeof part === 'string') ok = part === segment.toLowerCase();
        else if (segment.length === 0) ok = false;
        else {
          const value = decodeParam(segment);
          if (value === undefined) return undefined;
          params[part.param] = value;
        }
      }
      if (ok) return { known: entry, params };
    }
    return undefined;
  };

  return (req, res) => {
    const method = req.method ?? '';
    const url = req.url ?? '';
    if (!METHODS.has(method) || url.charCodeAt(0) !== 47 /* / */) return false;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path.length > 1 && path.endsWith('/')) return false;
    const found = find(method, path);
    if (!found) return false;
    // A middleware mounted at a path (the Swagger UI's static files) that would claim this path: Express decides.
    for (const layer of found.known.before) if (!layer.slash && layer.match(path)) return false;
    run(found.known, found.params, app, req as Request, res as Response);
    return true;
  };
}

const methodsOf = (route: NonNullable<RouterLayer['route']>) =>
  Object.keys(route.methods).filter((m) => route.methods[m]).map((m) => m.toUpperCase());

/** Per method and number of segments, the routes that could match a path, in the order of Express's stack. */
function routeTable(stack: RouterLayer[], direct: ReadonlyMap<string, DirectHandler>, passes: ReadonlySet<Function>): (method: string, length: number) => Array<Known | Opaque> {
  const byMethod = new Map<string, Array<Known | Opaque>>();
  const middleware: RouterLayer[] = [];
  for (const layer of stack) {
    const { route } = layer;
    if (!route) {
      if (!(layer.slash && passes.has(layer.handle))) middleware.push(layer);
      continue;
    }
    const methods = methodsOf(route);
    const plain = typeof route.path === 'string' && PLAIN_PATH.test(route.path) && route.stack.length === 1 && methods.length === 1;
    for (const method of methods) {
      const list = byMethod.get(method) ?? [];
      byMethod.set(method, list);
      if (!plain) {
        list.push({ kind: 'opaque', layer });
        continue;
      }
      const parts: Part[] = (route.path as string).split('/').slice(1).map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s.toLowerCase()));
      list.push({ kind: 'route', method, parts, route, handle: route.stack[0].handle, direct: direct.get(`${method} ${route.path}`), before: [...middleware] });
    }
  }
  const cache = new Map<string, Array<Known | Opaque>>();
  return (method, length) => {
    const key = `${method} ${length}`;
    let list = cache.get(key);
    if (!list) {
      // An opaque route may match any length: it stays in every list, at its place.
      list = (byMethod.get(method) ?? []).filter((e) => e.kind === 'opaque' || e.parts.length === length);
      cache.set(key, list);
    }
    return list;
  };
}

/**
 * What app.handle and the router do for a matched route: the circular references and Express's
 * prototypes, then each middleware layer in order (a request handler while there is no error, an
 * error handler once there is one), then the route's handler with its params.
 */
function run(known: Known, params: Record<string, string>, app: Express, req: Request, res: Response): void {
  const r = req as Request & { res: Response; next: NextFunction; baseUrl: string; originalUrl: string; route: unknown; params: Record<string, string> };
  r.res = res;
  (res as Response & { req: Request }).req = req;
  // Made with these prototypes (ExpressBornAdapter); set only on a request from another server.
  const { request, response } = app as unknown as { request: object; response: object };
  if (Object.getPrototypeOf(req) !== request) Object.setPrototypeOf(req, request);
  if (Object.getPrototypeOf(res) !== response) Object.setPrototypeOf(res, response);
  if (!res.locals) res.locals = Object.create(null);
  r.baseUrl = '';
  r.originalUrl = r.originalUrl || r.url;
  const layers = known.before;
  let i = 0;
  const next: NextFunction = (error?: unknown) => {
    while (i < layers.length) {
      const layer = layers[i++];
      if (!layer.slash) continue;
      const fn = layer.handle;
      const handlesError = fn.length === 4;
      if (error !== undefined && error !== null ? !handlesError : handlesError) continue;
      try {
        const out = handlesError ? fn(error, req, res, next) : fn(req, res, next);
        if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
      return;
    }
    if (error !== undefined && error !== null) return unhandled(error, req, res);
    r.params = params;
    r.route = known.route;
    r.next = unhandledNext(req, res);
    try {
      const out = (known.direct ?? known.handle)(req, res, r.next);
      if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(undefined, (e: unknown) => unhandled(e, req, res));
    } catch (thrown) {
      unhandled(thrown, req, res);
    }
  };
  r.next = next;
  next();
}

/** Nest's handler answers its own errors; whatever still comes back gets the same problem+json as an Express error would. */
const unhandledNext = (req: Request, res: Response): NextFunction => (error?: unknown) => unhandled(error ?? new Error('Route handler passed the request on'), req, res);

function unhandled(error: unknown, req: Request, res: Response): void {
  middlewareErrors(error, req, res, () => res.destroy());
}
