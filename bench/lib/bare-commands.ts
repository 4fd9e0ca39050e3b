/**
 * A baseline for workload 2, run as its own process (`node dist/bench/lib/bare-commands.js`): the
 * benchmark's one command, PlanMijlpaal, on Node's own HTTP server without Express, Nest or the
 * api's middleware, but with the api's own parts for the work itself: the token check (the same
 * authenticator and key), the body validated against the same DTO with class-transformer and
 * class-validator, handleCommand with remembered stream states on the same store and database. It
 * answers what the api answers for a planned mijlpaal (201, ETag, Location, the JSON body) and a
 * plain 400 or 401 otherwise. It leaves out what only the product adds around a command: security
 * headers, the rate limit, the request log and metrics, the person directory, problem+json, the
 * Idempotency-Key, If-Match and X-Audit-Toelichting headers. The bench reports its figures beside
 * the api's, so the report shows what the HTTP stack and those parts cost per command.
 * Not part of the product; nothing imports it.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { PlanMijlpaalDto } from '../../apps/api/src/kaders/kader.dto';
import { handleCommand, StreamStates } from '../../libs/application/src';
import { authConfigFromEnv, createAuthenticator } from '../../libs/auth/src';
import { Fase } from '../../libs/domain/src/shared';
import { kaderDecider, kaderStreamId } from '../../libs/domain/src/kader';
import { createRuntime } from '../../libs/runtime/src';

const PATH = /^\/api\/v1\/kaders\/([0-9a-f-]{36})\/mijlpalen$/;

async function main() {
  const runtime = await createRuntime({ runProjector: false, runWorker: false });
  const authenticator = createAuthenticator(authConfigFromEnv());
  const states = new StreamStates();
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
    let dto: PlanMijlpaalDto;
    try {
      dto = plainToInstance(PlanMijlpaalDto, JSON.parse(text) as object);
    } catch {
      return answer(res, 400, { title: 'Geen JSON' });
    }
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) return answer(res, 400, { title: 'De invoer is niet geldig', velden: errors.map((e) => e.property) });
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
        if (!res.headersSent) answer(res, 500, { title: String(error) });
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
