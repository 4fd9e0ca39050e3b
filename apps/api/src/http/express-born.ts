import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/**
 * Express gives every request and response its own prototypes (app.request, app.response) with
 * Object.setPrototypeOf when it takes them on. Changing the prototype of an object V8 has already
 * built is costly: where we measured it, it more than doubled the time Node spends on a small answer
 * (about 45 µs a request, most of it for the response). The server here makes its request and response
 * with classes that extend Node's own, and whose prototypes are made into the app's request and
 * response (each with what Express put on its own: `app`, over Express's request and response
 * methods), so Express's own setPrototypeOf finds them already in place. Classes rather than Node's
 * constructors called on an object of the right prototype: V8 then lays out their fields as it does
 * for Node's own objects (called on another object, Node's constructor costs about 1 µs more a response).
 */
export function expressBorn(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  const target = app as unknown as { request: object; response: object };
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  target.request = adopt(Request.prototype, target.request);
  target.response = adopt(Response.prototype, target.response);
  return { IncomingMessage: Request, ServerResponse: Response as unknown as typeof ServerResponse };
}

/** Makes `proto` stand in for Express's `from`: the same parent and the same own properties. */
function adopt(proto: object, from: object): object {
  Object.setPrototypeOf(proto, Object.getPrototypeOf(from) as object);
  Object.defineProperties(proto, Object.getOwnPropertyDescriptors(from));
  return proto;
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
