import { randomUUID } from 'node:crypto';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkCallbackUrl, ResolveHost, WebhookPolicy } from './callback-guard';
import type { Abonnement, Notificatie } from './notificatie';
import { SIGNATURE_HEADER, signPayload } from './signing';

export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
  redirect?: 'manual';
  /** The addresses the host was checked at: connect only to these (none: resolve as usual). */
  addresses?: string[];
}) => Promise<{ status: number }>;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup that answers with the given addresses only, in both of the forms net.connect asks for. */
const lookupOnly = (addresses: string[]) => (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
  const all = addresses.map((address) => ({ address, family: isIP(address) }));
  const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
  if (!wanted.length) {
    callback(Object.assign(new Error(`Geen adres van de gevraagde soort voor ${hostname}`), { code: 'ENOTFOUND' }), '');
    return;
  }
  if (options.all) callback(null, wanted);
  else callback(null, wanted[0].address, wanted[0].family);
};

/**
 * The transport deliveries use: a POST with node:http(s) that connects only to the addresses the
 * callback's host was checked at. With fetch the host would be resolved a second time, and a DNS
 * answer changed in between (DNS rebinding) could send the message to an internal address. The
 * TLS certificate is still checked against the host name. Redirects are never followed.
 */
export const pinnedPost: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: init.method,
      headers: { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) },
      signal: init.signal,
      // A connection of its own: a pooled one could have been made to another address of the name.
      agent: false,
      ...(init.addresses?.length ? { lookup: lookupOnly(init.addresses) as never } : {}),
    }, (response) => {
      // Only the status counts; the body is read and dropped so the connection is freed.
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
    });
    request.on('error', reject);
    request.end(init.body);
  });

export type DeliveryResult =
  | { status: 'afgeleverd'; httpStatus: number }
  /** `retry`: worth trying again later (network error, timeout, 408, 429, 5xx); a 4xx otherwise will not heal. */
  | { status: 'mislukt'; httpStatus?: number; retry: boolean; error: string };

export interface DeliverOptions {
  /** Unix seconds, for the signature. */
  now?: number;
  timeoutMs?: number;
  /** Stable per message so a receiver can drop duplicates after our retries. */
  deliveryId?: string;
  /** Which callback addresses may be reached; strict (https, public addresses only) when absent. */
  policy?: WebhookPolicy;
  resolve?: ResolveHost;
}

/**
 * POSTs one message to one abonnement's callback. Never throws: the result says what happened.
 * The address is checked again here (DNS may have changed since the abonnement was made) and the
 * message goes to the addresses checked (pinnedPost); redirects are not followed, so a receiver
 * cannot bounce us to an internal address.
 */
export const deliver = async (message: Notificatie, abonnement: Abonnement, fetchImpl: FetchLike = pinnedPost, options: DeliverOptions = {}): Promise<DeliveryResult> => {
  const check = await checkCallbackUrl(abonnement.callbackUrl, { policy: options.policy, resolve: options.resolve });
  if (!check.ok) return { status: 'mislukt', retry: check.retry, error: check.reason };
  const body = JSON.stringify(message);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Kaderflow-Delivery': options.deliveryId ?? randomUUID(),
  };
  if (abonnement.auth) headers.Authorization = abonnement.auth;
  if (abonnement.signingSecret) {
    headers[SIGNATURE_HEADER] = signPayload(abonnement.signingSecret, body, options.now ?? Math.floor(Date.now() / 1000));
  }
  try {
    const response = await fetchImpl(abonnement.callbackUrl, {
      method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), addresses: check.addresses,
    });
    if (response.status >= 200 && response.status < 300) return { status: 'afgeleverd', httpStatus: response.status };
    const retry = response.status === 408 || response.status === 429 || response.status >= 500;
    return { status: 'mislukt', httpStatus: response.status, retry, error: `Callback antwoordde met HTTP ${response.status}` };
  } catch (error) {
    return { status: 'mislukt', retry: true, error: error instanceof Error ? error.message : String(error) };
  }
};
