import { parse as parseBytes } from 'bytes';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const LENGTH = /^\d{1,9}$/;
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*(.?)/s;

/** A body limit as body-parser reads it ('100kb', '1mb', 512), with the same library; 0 (everything to body-parser) when it reads none. */
export const limitBytes = (limit: string | number): number => parseBytes(limit) ?? 0;

/** An error as body-parser makes it, so the problem filter answers it the same way. */
const bodyError = (error: Error, fields: { type: string; body?: string }) => Object.assign(error, { status: 400, statusCode: 400, expose: true, ...fields });

/** JSON as body-parser's strict parser reads it: empty is {}, and only an object or array at the top. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    throw bodyError(new SyntaxError(`Unexpected token ${JSON.stringify(first ?? '')} in JSON: only an object or array`), { type: 'entity.parse.failed', body: text });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw bodyError(error as Error, { type: 'entity.parse.failed', body: text });
  }
}

/**
 * express.json for the usual command body, without its general machinery (the media type parsed
 * twice, a charset decoder, raw-body's stream handling): `Content-Type: application/json` without a
 * charset or with utf-8, a Content-Length within the limit, no Content-Encoding. Everything else (a
 * chunked or compressed body, another charset or +json type, a body over the limit) goes to
 * `fallback`, body-parser itself, which also makes the 413 and 415 answers.
 */
export function jsonBody(limit: number, fallback: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const h = req.headers;
    const length = h['content-length'];
    if (length === undefined || !LENGTH.test(length) || Number(length) > limit || h['transfer-encoding'] !== undefined
      || h['content-encoding'] !== undefined || !PLAIN_JSON.test(h['content-type'] ?? '') || req.readableEnded) {
      void fallback(req, res, next);
      return;
    }
    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      if (error) return next(error);
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      // Decoded as body-parser's decoder does it: invalid bytes become U+FFFD and a byte order mark is dropped.
      let text = bytes.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        req.body = parseStrict(text);
      } catch (parseError) {
        return next(parseError);
      }
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => finish(received === expected ? undefined : bodyError(new Error('request size did not match content length'), { type: 'request.size.invalid' }));
    const onAbort = () => finish(bodyError(new Error('request aborted'), { type: 'request.aborted' }));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  };
}
