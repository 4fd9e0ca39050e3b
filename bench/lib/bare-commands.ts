/**
 * Baseline for workload 2, its own process: PlanMijlpaal on Node's HTTP server with the api's own token
 * check, DTO validation and handleCommand on the same store, but without Express, Nest, the api's
 * middleware and the product's parts around a command (security headers, rate limit, request log,
 * person directory, problem+json, command headers). The report puts it beside the api to show what those
 * cost per command. Not part of the product.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { PlanMijlpaalDto } from '../../apps/api/src/kaders/kader.dto';
import { ProblemException } from '../../apps/api/src/http/problem';
import { validationPipe } from '../../apps/api/src/http/validation';
import { handleCommand, StreamStates } from '../../libs/application/src';
import { authConfigFromEnv, createAuthenticator } from '../../libs/auth/src';
import { Fase } from '../../libs/domain/src/shared';
import { kaderDecider, kaderStreamId } from '../../libs/domain/src/kader';
import { WrongExpectedVersionError } from '../../libs/event-store/src';
import { createRuntime } from '../../libs/runtime/src';

const PATH = /^\/api\/v1\/kaders\/([0-9a-f-]{36})\/mijlpalen$/;

async function main() {
  const runtime = await createRuntime({ runProjector: false, runWorker: false });
  const authenticator = createAuthenticator(authConfigFromEnv());
  const states = new StreamStates();
  // The api's own validation pipe, as its global pipe validates a command's body.
  const pipe = validationPipe();
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };
  const plan = async (req: IncomingMessage, res: ServerResponse, kaderId: string, text: string) => {
    let actor;
    try {
      actor = await authenticator.authenticate(req.headers.authorization);
    } catch {
      return answer(res, 401, { title: 'Niet aangemeld' });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return answer(res, 400, { title: 'Geen JSON' });
    }
    let dto: PlanMijlpaalDto;
    try {
      dto = (await pipe.transform(body, { type: 'body', metatype: PlanMijlpaalDto })) as PlanMijlpaalDto;
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return answer(res, 400, { title: 'De invoer is niet geldig', detail: error.detail });
    }
    const now = runtime.config.clock().toISOString();
    const mijlpaalId = dto.mijlpaalId ?? randomUUID();
    const who = { id: actor.id, role: actor.role, ...(actor.organisation !== undefined ? { organisation: actor.organisation } : {}) };
    const result = await handleCommand(runtime.store, kaderDecider, kaderStreamId(kaderId), {
      type: 'PlanMijlpaal',
      data: { kaderId, mijlpaalId, titel: dto.titel, fase: dto.fase as Fase, deadline: dto.deadline, eigenaar: dto.eigenaar },
      metadata: { now, actor: who },
    }, { actor: who, now, correlationId: randomUUID(), requestId: randomUUID() }, states);
    answer(res, 201, { mijlpaalId, versie: result.versie, positie: result.positie, herhaald: result.herhaald },
      { ETag: `"${result.versie}"`, Location: `/api/v1/kaders/${kaderId}/mijlpalen/${mijlpaalId}` });
  };
  const server = createServer((req, res) => {
    if (req.method === 'GET') return answer(res, 200, { status: 'ok' });
    const kaderId = req.method === 'POST' ? PATH.exec(req.url ?? '')?.[1] : undefined;
    if (!kaderId) return answer(res, 404, { title: 'Niet gevonden' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      plan(req, res, kaderId, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        // A race lost on every retry is the api's 409 too; anything else is a fault.
        if (!res.headersSent) answer(res, error instanceof WrongExpectedVersionError ? 409 : 500, { title: String(error) });
      });
    });
  });
  server.listen(Number(process.env.PORT ?? 3990), '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => void runtime.close().then(() => process.exit(0))));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
