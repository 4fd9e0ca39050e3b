import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/** Takes a request on (true) or leaves it to the next lane and in the end to Express (false). */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Puts lanes in front of the Express app on the server's one request listener: each request goes
 * to the first lane that takes it on, else to Express as before. A lane gets the Express listener
 * to hand a request on to when it finds out later that it cannot answer it.
 */
export function answerBeforeExpress(server: Server, lanes: (express: RequestListener) => Lane[]): void {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`Expected one request listener (the Express app), found ${listeners.length}`);
  const [express] = listeners;
  const all = lanes(express);
  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const lane of all) if (lane(req, res)) return;
    express(req, res);
  });
}
