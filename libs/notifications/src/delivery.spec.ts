import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { generate as selfSigned } from 'selfsigned';
import { WebhookPolicy } from './callback-guard';
import { deliver, DeliverOptions, FetchLike, pinnedPost } from './delivery';
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

// The receiver listens on 127.0.0.1 over http, so these tests allow both explicitly.
const lokaal: WebhookPolicy = { allowHttp: true, allowPrivate: true };

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
        setTimeout(() => res.writeHead(answer, answer >= 300 && answer < 400 ? { Location: '/elders' } : {}).end(), delayMs);
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

  // The default transport and fetch answer alike; only the default keeps to the checked addresses.
  describe.each([['the default transport (pinnedPost)', pinnedPost], ['fetch', fetch as FetchLike]] as const)('over %s', (_name, transport) => {
    it('given a receiver that accepts, then the message arrives as JSON with auth and a verifiable signature', async () => {
      const result = await deliver(message, abonnement({ auth: 'Bearer ontvanger-token', signingSecret: 'geheim' }), transport, { now: 1_747_000_000, deliveryId: 'd-1', policy: lokaal });
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
      await deliver(message, abonnement(), transport, { policy: lokaal });
      expect(received[0].headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
    });

    it.each([
      [503, true],
      [429, true],
      [404, false],
      [401, false],
    ])('given HTTP %i, then it failed and retry is %p', async (status, retry) => {
      answer = status;
      expect(await deliver(message, abonnement(), transport, { policy: lokaal })).toMatchObject({ status: 'mislukt', httpStatus: status, retry });
    });

    it('given a receiver that is too slow, then it fails and may be retried', async () => {
      delayMs = 500;
      expect(await deliver(message, abonnement(), transport, { timeoutMs: 50, policy: lokaal })).toMatchObject({ status: 'mislukt', retry: true });
    });

    it('given nobody listening, then it fails without throwing and may be retried', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      expect(await deliver(message, abonnement({ callbackUrl: `http://127.0.0.1:${port}/` }), transport, { policy: lokaal })).toMatchObject({ status: 'mislukt', retry: true });
    });

    it('given a receiver that redirects, then the redirect is not followed and the delivery fails for good', async () => {
      answer = 302;
      expect(await deliver(message, abonnement(), transport, { policy: lokaal })).toMatchObject({ status: 'mislukt', httpStatus: 302, retry: false });
      expect(received).toHaveLength(1);
    });
  });

  it('connects to the addresses it was checked at, not to where the name resolves now', async () => {
    // A reserved name that resolves nowhere: only the pinned address can reach the receiver.
    const pinned = url.replace('127.0.0.1', 'ontvanger.rebind.example');
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5_000) };
    expect(await pinnedPost(pinned, { ...init, addresses: ['127.0.0.1'] })).toEqual({ status: 204 });
    expect(received).toHaveLength(1);
    expect(received[0].headers.host).toBe(new URL(pinned).host);
    await expect(pinnedPost(pinned, init)).rejects.toThrow();
    expect(received).toHaveLength(1);
  });

  describe('with the default policy (https, public addresses only)', () => {
    const never = jest.fn(fetch);
    beforeEach(() => never.mockClear());

    it('given the local http receiver, then nothing is sent and the failure is permanent', async () => {
      expect(await deliver(message, abonnement(), never)).toEqual({ status: 'mislukt', retry: false, error: 'callbackUrl moet met https:// beginnen' });
      expect(never).not.toHaveBeenCalled();
      expect(received).toHaveLength(0);
    });

    it('given a name that resolves to a private address by now, then nothing is sent and the failure is permanent', async () => {
      const options: DeliverOptions = { resolve: async () => ['192.168.10.4'] };
      expect(await deliver(message, abonnement({ callbackUrl: 'https://ontvanger.gemeente.example/hook' }), never, options))
        .toEqual({ status: 'mislukt', retry: false, error: expect.stringMatching(/ontvanger\.gemeente\.example \(192\.168\.10\.4\), een adres in een privénetwerk/) });
      expect(never).not.toHaveBeenCalled();
    });

    it('given a name that resolves to a public address, then it is sent without following redirects', async () => {
      const fake = jest.fn(async () => ({ status: 204 }));
      const result = await deliver(message, abonnement({ callbackUrl: 'https://ontvanger.gemeente.example/hook' }), fake, { resolve: async () => ['145.21.0.10'] });
      expect(result).toEqual({ status: 'afgeleverd', httpStatus: 204 });
      // To the address that was checked, whatever the name resolves to by the time it connects.
      expect(fake).toHaveBeenCalledWith('https://ontvanger.gemeente.example/hook', expect.objectContaining({ redirect: 'manual', addresses: ['145.21.0.10'] }));
    });

    it('given a name that cannot be resolved, then it may be retried', async () => {
      const options: DeliverOptions = { resolve: async () => { throw new Error('getaddrinfo EAI_AGAIN'); } };
      expect(await deliver(message, abonnement({ callbackUrl: 'https://ontvanger.gemeente.example/hook' }), never, options)).toMatchObject({ status: 'mislukt', retry: true });
      expect(never).not.toHaveBeenCalled();
    });
  });
});

describe('pinnedPost over https', () => {
  it('checks the certificate against the host name though it connects to the pinned address, and sends nothing when it does not check out', async () => {
    const host = 'ontvanger.rebind.example';
    // A certificate for exactly that name, signed by itself: no CA this process trusts.
    const { private: key, cert } = await selfSigned([{ name: 'commonName', value: host }], {
      keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: host }] }],
    });
    const servernames: string[] = [];
    let requests = 0;
    const server = createHttpsServer({
      key, cert,
      SNICallback: (servername, done) => {
        servernames.push(servername);
        done(null, createSecureContext({ key, cert }));
      },
    }, (_req, res) => {
      requests++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://${host}:${(server.address() as AddressInfo).port}/hook`;
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5_000) };
      await expect(pinnedPost(url, { ...init, addresses: ['127.0.0.1'] })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      // The TLS handshake named the host, not the address it went to: that is what the certificate is checked against.
      expect(servernames).toEqual([host]);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
