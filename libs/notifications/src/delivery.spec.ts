import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { deliver } from './delivery';
import type { Abonnement, Notificatie } from './notificatie';
import { SIGNATURE_HEADER, verifySignature } from './signing';

const message: Notificatie = {
  kanaal: 'mijlpalen',
  hoofdObject: 'https://kaderflow.example.nl/api/v1/mijlpalen/m-1',
  resource: 'mijlpaal',
  resourceUrl: 'https://kaderflow.example.nl/api/v1/mijlpalen/m-1',
  actie: 'update',
  aanmaakdatum: '2025-05-12T10:00:01.000Z',
  kenmerken: { eventType: 'MijlpaalVerschoven' },
};

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('deliver', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let answer: number;
  let delayMs: number;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        setTimeout(() => res.writeHead(answer).end(), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
    answer = 204;
    delayMs = 0;
  });

  const abonnement = (over: Partial<Abonnement> = {}): Abonnement => ({ id: 'ab-1', callbackUrl: url, kanalen: [{ naam: 'mijlpalen', filters: {} }], ...over });

  it('given a receiver that accepts, then the message arrives as JSON with auth and a verifiable signature', async () => {
    const result = await deliver(message, abonnement({ auth: 'Bearer ontvanger-token', signingSecret: 'geheim' }), fetch, { now: 1_747_000_000, deliveryId: 'd-1' });
    expect(result).toEqual({ status: 'afgeleverd', httpStatus: 204 });
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received;
    expect(JSON.parse(body)).toEqual(message);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe('Bearer ontvanger-token');
    expect(headers['kaderflow-delivery']).toBe('d-1');
    const signature = headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifySignature('geheim', body, signature, { now: 1_747_000_010 })).toEqual({ valid: true, timestamp: 1_747_000_000 });
  });

  it('sends no signature header when the abonnement has no secret', async () => {
    await deliver(message, abonnement(), fetch);
    expect(received[0].headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
  });

  it.each([
    [503, true],
    [429, true],
    [404, false],
    [401, false],
  ])('given HTTP %i, then it failed and retry is %p', async (status, retry) => {
    answer = status;
    expect(await deliver(message, abonnement(), fetch)).toMatchObject({ status: 'mislukt', httpStatus: status, retry });
  });

  it('given a receiver that is too slow, then it fails and may be retried', async () => {
    delayMs = 500;
    expect(await deliver(message, abonnement(), fetch, { timeoutMs: 50 })).toMatchObject({ status: 'mislukt', retry: true });
  });

  it('given nobody listening, then it fails without throwing and may be retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await deliver(message, abonnement({ callbackUrl: `http://127.0.0.1:${port}/` }), fetch)).toMatchObject({ status: 'mislukt', retry: true });
  });
});
