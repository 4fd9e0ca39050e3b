import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { Authenticator, authConfigFromEnv, createAuthenticator } from '../../../libs/auth/src';
import { Runtime } from '../../../libs/runtime/src';
import { AppModule } from './app.module';
import { API_BASE } from './http/api-version';
import { jsonBody, limitBytes } from './http/json-body';
import { noTrailingSlash } from './http/no-trailing-slash';
import { mountOpenApi } from './http/openapi';
import { ProblemFilter } from './http/problem.filter';
import { applySecurity, createSecurity, middlewareErrors } from './http/security';
import { answerCachedReadsFirst, cachedReads } from './http/cached-reads';
import { ReadCache } from './http/read-cache';
import { validationPipe } from './http/validation';
import { logRequest, requestLog, RequestSink } from './gezondheid/request-log';

export interface AppOptions {
  /** Where the per-request log lines go (tests listen in). */
  requestSink?: RequestSink;
}

/** The HTTP app on a given runtime; tests pass an in-memory runtime and their own authenticator. */
export async function createApp(
  runtime: Runtime, authenticator: Authenticator = createAuthenticator(authConfigFromEnv()), options: AppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime, authenticator), {
    bodyParser: false,
    logger: process.env.NODE_ENV === 'test' ? false : ['error', 'warn', 'log'],
  });
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  const sink = options.requestSink ?? logRequest;
  const security = createSecurity();
  app.use(requestLog(sink));
  applySecurity(app, security);
  app.use(noTrailingSlash);
  app.use(jsonBody(limitBytes(runtime.config.bodyLimit), json({ limit: runtime.config.bodyLimit, type: ['application/json', 'application/*+json'] })));
  app.use(middlewareErrors);
  app.use(cachedReads(app.get(ReadCache), authenticator));
  app.setGlobalPrefix(API_BASE.slice(1));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  mountOpenApi(app);
  await app.init();
  // Without CORS the fixed headers are all an answer needs, so a ready read can be answered before Express.
  if (!security.config.corsOrigins.length && !express.get('trust proxy')) {
    answerCachedReadsFirst(app.getHttpServer(), {
      cache: app.get(ReadCache), authenticator, security, log: sink, parseQuery: express.get('query parser fn'),
    });
  }
  return app;
}
