import { randomUUID } from 'node:crypto';
import { checkCallbackUrl, ResolveHost, WebhookPolicy } from './callback-guard';
import type { Abonnement, Notificatie } from './notificatie';
import { SIGNATURE_HEADER, signPayload } from './signing';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal; redirect?: 'manual' }) => Promise<{ status: number }>;

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
 * The address is checked again here (DNS may have changed since the abonnement was made); redirects
 * are not followed, so a receiver cannot bounce us to an internal address.
 */
export const deliver = async (message: Notificatie, abonnement: Abonnement, fetchImpl: FetchLike = fetch, options: DeliverOptions = {}): Promise<DeliveryResult> => {
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
    const response = await fetchImpl(abonnement.callbackUrl, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (response.status >= 200 && response.status < 300) return { status: 'afgeleverd', httpStatus: response.status };
    const retry = response.status === 408 || response.status === 429 || response.status >= 500;
    return { status: 'mislukt', httpStatus: response.status, retry, error: `Callback antwoordde met HTTP ${response.status}` };
  } catch (error) {
    return { status: 'mislukt', retry: true, error: error instanceof Error ? error.message : String(error) };
  }
};
