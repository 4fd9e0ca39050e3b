import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { Authenticator, authConfigFromEnv, createAuthenticator } from '../../../libs/auth/src';
import { enableDefaultMetrics, Runtime } from '../../../libs/runtime/src';
import { AppModule } from './app.module';
import { API_BASE } from './http/api-version';
import { jsonBody, limitBytes } from './http/json-body';
import { noTrailingSlash } from './http/no-trailing-slash';
import { mountOpenApi } from './http/openapi';
import { ProblemFilter } from './http/problem.filter';
import { applySecurity, clientAddress, corsHeaders, createSecurity, middlewareErrors } from './http/security';
import { answerBeforeExpress, Lane } from './http/before-express';
import { cachedReads, cachedReadsBeforeExpress } from './http/cached-reads';
import { compressAnswers } from './http/compression';
import { routesFirst } from './http/routes-first';
import { directHandlers } from './http/direct-handlers';
import { ExpressBornAdapter } from './http/express-born';
import { ReadCache } from './http/read-cache';
import { validationPipe } from './http/validation';
import { logRequest, requestLog, RequestSink } from './gezondheid/request-log';

export interface AppOptions {
  /** Where the per-request log lines go (tests listen in). */
  requestSink?: RequestSink;
  /** Dispatch routes before Express's router walk (routesFirst; default on). Tests turn it off to compare. */
  routesFirst?: boolean;
  /** Run the writes' controller methods directly instead of through Nest's handler (direct-handlers.ts; default on, with routesFirst). */
  directHandlers?: boolean;
}

/** The HTTP app on a given runtime; tests pass an in-memory runtime and their own authenticator. */
export async function createApp(
  runtime: Runtime, authenticator: Authenticator = createAuthenticator(authConfigFromEnv()), options: AppOptions = {},
): Promise<INestApplication> {
  // The Node process's own figures (CPU, memory, event-loop delay, garbage collection) on /metrics, as the projector and worker have them.
  enableDefaultMetrics('api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime, authenticator), new ExpressBornAdapter(), {
    bodyParser: false,
    logger: process.env.NODE_ENV === 'test' ? false : ['error', 'warn', 'log'],
  });
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  const sink = options.requestSink ?? logRequest;
  const security = createSecurity();
  // Who the client is behind a proxy (TRUST_PROXY): req.ip, and so the rate limit's key.
  express.set('trust proxy', security.config.trustProxy);
  app.use(requestLog(sink));
  applySecurity(app, security);
  // gzip (or what the client prefers) for answers of 1 kB and more, to clients that ask for it.
  app.use(compressAnswers());
  app.use(noTrailingSlash);
  app.use(jsonBody(limitBytes(runtime.config.bodyLimit), json({ limit: runtime.config.bodyLimit, type: ['application/json', 'application/*+json'] })));
  app.use(middlewareErrors);
  app.use(cachedReads(app.get(ReadCache), authenticator));
  app.setGlobalPrefix(API_BASE.slice(1));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  mountOpenApi(app);
  await app.init();
  const cache = app.get(ReadCache);
  answerBeforeExpress(app.getHttpServer(), (listener) => {
    const lanes: Lane[] = [];
    // A ready read answered before Express, with the fixed headers and, where configured, the CORS headers the middleware would set.
    lanes.push(cachedReadsBeforeExpress(listener, {
      cache, authenticator, security, log: sink, parseQuery: express.get('query parser fn'),
      clientOf: clientAddress(security.config.trustProxy, express.get('trust proxy fn')),
      corsFor: corsHeaders(security.config),
    }));
    // Everything else that has a plain route: Express's middleware and Nest's handler, found without the router's walk.
    if (options.routesFirst !== false) {
      lanes.push(routesFirst(express, { direct: options.directHandlers === false ? undefined : directHandlers(app), passes: new Set([noTrailingSlash]) }));
    }
    return lanes;
  });
  return app;
}
