import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../../../libs/domain/src/shared';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../../../../libs/event-store/src';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemBody } from './problem';

const STATUS_BY_KIND = { conflict: 409, not_found: 404, invalid: 400 } as const;

/** Turns anything thrown into an RFC 9457 problem; never leaks stack traces or SQL. */
export const toProblem = (error: unknown): ProblemException => {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) {
    return new ProblemException(STATUS_BY_KIND[error.kind], error.code, error.title, error.reasons.join(' ') || error.title, {
      redenen: error.reasons,
    });
  }
  if (error instanceof WrongExpectedVersionError) {
    return new ProblemException(409, 'gelijktijdige-wijziging', 'Iemand anders heeft dit tegelijk gewijzigd',
      `Het dossier is intussen gewijzigd (nu versie ${error.actual}). Haal de laatste stand op en probeer het opnieuw; er is niets vastgelegd.`);
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new ProblemException(422, 'idempotency-key-hergebruikt', 'Idempotency-Key al gebruikt voor een ander verzoek',
      'Deze Idempotency-Key hoort bij een eerder verzoek met andere inhoud. Gebruik een nieuwe sleutel voor een nieuw verzoek; er is niets vastgelegd.');
  }
  if (error instanceof HttpException) return fromHttpException(error);
  if (error instanceof SyntaxError && 'body' in (error as object)) {
    return new ProblemException(400, 'ongeldige-json', 'De body is geen geldige JSON', 'Controleer de opmaak van de verzonden JSON.');
  }
  const tooLarge = error as { type?: string; status?: number };
  if (tooLarge?.type === 'entity.too.large') {
    return new ProblemException(413, 'body-te-groot', 'Het verzoek is te groot', 'De body is groter dan toegestaan.');
  }
  if (tooLarge?.type === 'entity.parse.failed' || tooLarge?.type === 'encoding.unsupported' || tooLarge?.type === 'charset.unsupported') {
    return new ProblemException(400, 'ongeldige-json', 'De body is geen geldige JSON', 'Controleer de opmaak en tekenset van de verzonden JSON.');
  }
  return new ProblemException(500, 'interne-fout', 'Er ging iets mis aan onze kant', 'Er is niets vastgelegd. Probeer het later opnieuw; blijft het misgaan, meld dan het tijdstip aan de beheerder.');
};

const fromHttpException = (error: HttpException): ProblemException => {
  const status = error.getStatus();
  const response = error.getResponse() as { message?: unknown };
  const titles: Record<number, [string, string]> = {
    400: ['ongeldig-verzoek', 'Het verzoek is ongeldig'],
    401: ['niet-geauthenticeerd', 'Niet aangemeld'],
    403: ['geen-toegang', 'Geen toegang'],
    404: ['niet-gevonden', 'Niet gevonden'],
    405: ['methode-niet-toegestaan', 'Deze methode is hier niet toegestaan'],
    413: ['body-te-groot', 'Het verzoek is te groot'],
    415: ['mediatype-niet-ondersteund', 'Dit mediatype wordt niet ondersteund'],
    429: ['te-veel-verzoeken', 'Te veel verzoeken'],
  };
  const [code, title] = titles[status] ?? ['http-fout', error.message];
  const detail = status === 404
    ? 'Deze URL bestaat niet. Let op: paden eindigen nooit op een schuine streep.'
    : typeof response?.message === 'string' ? response.message : title;
  return new ProblemException(status, code, title, detail);
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(problem, req.originalUrl?.split('?')[0])));
  }
}
