import { ArgumentsHost, CanActivate, ExceptionFilter, ForbiddenException, INestApplication, PipeTransform, RequestMethod, StreamableFile } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA, EXCEPTION_FILTERS_METADATA, FILTER_CATCH_EXCEPTIONS, GUARDS_METADATA, HEADERS_METADATA, HOST_METADATA, HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA, PIPES_METADATA, REDIRECT_METADATA, RENDER_METADATA, RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA, SCOPE_OPTIONS_METADATA, SSE_METADATA, VERSION_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Express, NextFunction, Request, Response } from 'express';
import { isObservable, lastValueFrom } from 'rxjs';

/** Runs one route's controller method on Express's request and response, as Nest's own handler would. */
export type DirectHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

type Pipe = PipeTransform;
type ParamType = 'body' | 'param' | 'custom';

interface Param {
  index: number;
  /** The value before the pipes. */
  value: (req: Request, res: Response, next: NextFunction, context: ExecutionContextHost) => unknown;
  /** undefined: not piped (the response). */
  type?: ParamType;
  data?: unknown;
  metatype?: unknown;
  pipes: Pipe[];
}

const WRITES: Record<number, string> = { [RequestMethod.POST]: 'POST', [RequestMethod.PUT]: 'PUT', [RequestMethod.PATCH]: 'PATCH', [RequestMethod.DELETE]: 'DELETE' };
const FORBIDDEN_MESSAGE = 'Forbidden resource';

const meta = (key: string, target: object): unknown => Reflect.getMetadata(key, target);
const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);
const isPipe = (pipe: unknown): pipe is Pipe => typeof pipe === 'object' && pipe !== null && typeof (pipe as Pipe).transform === 'function';

/** The path as Nest joins it: the global prefix, the controller's path and the method's, one slash between, none at the end. */
const joinPath = (...parts: string[]): string => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/**
 * Per route, the steps Nest's handler takes for a write, put together once from Nest's metadata instead
 * of on every request: the global guards (false is Nest's 403), the status, the parameters through the
 * global pipes and then their own, the handler, the global problem filter on an error. A plain object is
 * answered as Express's res.json answers it; anything else goes to Nest's adapter. A route with anything
 * else (its own guard, pipe, interceptor or filter, @Header, @Redirect, another parameter kind, a request
 * scope) is left out and keeps Nest's handler. Keyed by `METHOD /path` as Express's route has it.
 */
export function directHandlers(app: INestApplication): Map<string, DirectHandler> {
  const out = new Map<string, DirectHandler>();
  const config = app.get(ApplicationConfig);
  const express = app.getHttpAdapter().getInstance() as Express;
  const adapter = app.getHttpAdapter();
  if (config.getVersioning() || !isEmpty(config.getGlobalPrefixOptions().exclude) || !isEmpty(config.getGlobalInterceptors())
    || !isEmpty(config.getGlobalRequestInterceptors()) || !isEmpty(config.getGlobalRequestGuards()) || !isEmpty(config.getGlobalRequestPipes())
    || !isEmpty(config.getGlobalRequestFilters())) return out;
  if (express.get('json replacer') !== undefined || express.get('json spaces') !== undefined || express.get('json escape')) return out;
  const guards = config.getGlobalGuards() as CanActivate[];
  const globalPipes = config.getGlobalPipes() as Pipe[];
  const filters = config.getGlobalFilters() as ExceptionFilter[];
  // Every global filter catches everything (no @Catch types): the one Nest would pick answers alike.
  if (filters.length === 0 || filters.some((f) => !isEmpty(meta(FILTER_CATCH_EXCEPTIONS, f.constructor)))) return out;
  const filter = filters[filters.length - 1];
  const etagFn = express.get('etag fn') as ((body: Buffer, encoding?: string) => string | undefined) | undefined;
  const prefix = config.getGlobalPrefix();

  const skipped = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const { instance, metatype } = wrapper as unknown as { instance: object; metatype: Function };
      if (!instance || !metatype || !wrapper.isDependencyTreeStatic() || meta(SCOPE_OPTIONS_METADATA, metatype) || meta(HOST_METADATA, metatype)
        || meta(VERSION_METADATA, metatype) || !isEmpty(meta(GUARDS_METADATA, metatype)) || !isEmpty(meta(INTERCEPTORS_METADATA, metatype))
        || !isEmpty(meta(PIPES_METADATA, metatype)) || !isEmpty(meta(EXCEPTION_FILTERS_METADATA, metatype))) continue;
      const controllerPaths = ([] as string[]).concat((meta(PATH_METADATA, metatype) as string | string[] | undefined) ?? '/');
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const method = WRITES[meta(METHOD_METADATA, fn) as number];
        const paths = meta(PATH_METADATA, fn) as string | string[] | undefined;
        if (!method || paths === undefined) continue;
        const handler = buildHandler(instance, metatype, name, fn as (...args: unknown[]) => unknown, method);
        for (const controllerPath of controllerPaths) {
          for (const path of ([] as string[]).concat(paths)) {
            const key = `${method} ${joinPath(prefix, controllerPath, path)}`;
            // Two handlers on one route: Express runs the first; leave both to it.
            if (out.has(key) || skipped.has(key)) {
              out.delete(key);
              skipped.add(key);
            } else if (handler) out.set(key, handler);
            else skipped.add(key);
          }
        }
      }
    }
  }
  return out;

  function buildHandler(instance: object, metatype: Function, name: string, fn: (...args: unknown[]) => unknown, method: string): DirectHandler | undefined {
    if (!isEmpty(meta(GUARDS_METADATA, fn)) || !isEmpty(meta(INTERCEPTORS_METADATA, fn)) || !isEmpty(meta(PIPES_METADATA, fn))
      || !isEmpty(meta(EXCEPTION_FILTERS_METADATA, fn)) || !isEmpty(meta(HEADERS_METADATA, fn)) || meta(REDIRECT_METADATA, fn)
      || meta(RENDER_METADATA, fn) || meta(SSE_METADATA, fn) || meta(VERSION_METADATA, fn) || meta(HOST_METADATA, fn)) return undefined;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number; data?: unknown; pipes?: unknown[]; factory?: Function }>;
    const paramtypes = (Reflect.getMetadata('design:paramtypes', instance, name) ?? []) as unknown[];
    const passthrough = Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, metatype, name) === true;
    const params: Param[] = [];
    for (const [key, { index, data, pipes = [], factory }] of Object.entries(args)) {
      if (!pipes.every(isPipe)) return undefined;
      const own = pipes as Pipe[];
      const metatypeOf = paramtypes[index];
      if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
        if (typeof factory !== 'function') return undefined;
        params.push({ index, value: (_req, _res, _next, context) => factory(data, context), type: 'custom', data, metatype: metatypeOf, pipes: [...globalPipes, ...own] });
        continue;
      }
      switch (Number(key.split(':')[0])) {
        case RouteParamtypes.BODY:
          if (data !== undefined) return undefined;
          params.push({ index, value: (req) => req.body, type: 'body', data, metatype: metatypeOf, pipes: [...globalPipes, ...own] });
          break;
        case RouteParamtypes.PARAM:
          params.push({ index, value: (req) => (data ? req.params[data as string] : req.params), type: 'param', data, metatype: metatypeOf, pipes: [...globalPipes, ...own] });
          break;
        case RouteParamtypes.RESPONSE:
          // A handler that answers on the response itself is Nest's to run.
          if (!passthrough) return undefined;
          params.push({ index, value: (_req, res) => res, pipes: [] });
          break;
        default:
          return undefined;
      }
    }
    const length = params.reduce((n, p) => Math.max(n, p.index + 1), 0);
    const status = (meta(HTTP_CODE_METADATA, fn) as number | undefined) ?? (method === 'POST' ? 201 : 200);

    // The same chain of steps as Nest's (each pipe awaits the one before, inside the same nesting of
    // async calls), so when several parameters fail, the same one is reported first.
    const applyPipes = async (value: unknown, p: Param) =>
      p.pipes.reduce<Promise<unknown>>(async (deferred, pipe) => {
        const before = await deferred;
        return pipe.transform(before, { metatype: p.metatype as never, type: p.type!, data: p.data as string });
      }, Promise.resolve(value));
    const consume = async (value: unknown, p: Param) => applyPipes(value, p);
    const paramValue = async (value: unknown, p: Param) => (p.pipes.length ? consume(value, p) : value);
    const resolve = async (p: Param, req: Request, res: Response, next: NextFunction, context: ExecutionContextHost, into: unknown[]) => {
      const value = p.value(req, res, next, context);
      into[p.index] = p.type ? await paramValue(value, p) : value;
    };

    return async (req, res, next) => {
      try {
        const context = new ExecutionContextHost([req, res, next], metatype as never, fn);
        context.setType('http');
        for (const guard of guards) {
          let allowed = await guard.canActivate(context);
          if (isObservable(allowed)) allowed = await lastValueFrom(allowed);
          if (!allowed) throw new ForbiddenException(FORBIDDEN_MESSAGE);
        }
        res.statusCode = status;
        const values: unknown[] = new Array(length).fill(null);
        await Promise.all(params.map((p) => resolve(p, req, res, next, context, values)));
        let result = await fn.apply(instance, values);
        if (isObservable(result)) result = await lastValueFrom(result);
        reply(res, result);
      } catch (error) {
        filter.catch(error, new ExecutionContextHost([req, res, next]) as ArgumentsHost);
      }
    };
  }

  /** A plain object as Express's res.json sends it; anything else through Nest's adapter, as Nest would. */
  function reply(res: Response, body: unknown): void {
    const code = res.statusCode;
    const plain = body !== null && typeof body === 'object' && !(body instanceof StreamableFile) && !ArrayBuffer.isView(body)
      && code !== 204 && code !== 205 && code !== 304 && res.getHeader('Content-Type') === undefined;
    const text = plain ? (JSON.stringify(body) as string | undefined) : undefined;
    if (text === undefined) {
      adapter.reply(res, body);
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (etagFn && res.getHeader('ETag') === undefined) {
      const bytes = Buffer.from(text, 'utf8');
      res.setHeader('Content-Length', bytes.length);
      const tag = etagFn(bytes);
      if (tag) res.setHeader('ETag', tag);
      res.end(bytes);
      return;
    }
    res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
    res.end(text, 'utf8');
  }
}
