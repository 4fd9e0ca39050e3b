import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Express gives every request and response its own prototypes (app.request, app.response) with
 * Object.setPrototypeOf when it takes them on. Changing the prototype of an object V8 has already
 * built is costly: where we measured it, it more than doubled the time Node spends on a small answer
 * (about 45 µs a request, most of it for the response). These constructors make the server's request and
 * response with Express's prototypes from the start, so Express's own setPrototypeOf finds them
 * already in place. They are Node's own constructors run on an object of the right prototype.
 */
export function expressBorn(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  const { request, response } = app as unknown as { request: IncomingMessage; response: ServerResponse };
  function Request(this: IncomingMessage, socket: Socket) {
    IncomingMessage.call(this, socket);
  }
  function Response(this: ServerResponse, req: IncomingMessage, options?: object) {
    (ServerResponse as unknown as (req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  Request.prototype = request;
  Response.prototype = response;
  return { IncomingMessage: Request as unknown as typeof IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse };
}

/**
 * Nest's Express adapter with the HTTP server made on expressBorn's constructors. HTTPS and the
 * forced closing of connections keep Nest's own server.
 */
export class ExpressBornAdapter extends ExpressAdapter {
  override initHttpServer(options: { httpsOptions?: unknown; forceCloseConnections?: boolean }): void {
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options as never);
    const app = this.getInstance<Express>();
    this.httpServer = createServer(expressBorn(app), app);
  }
}
