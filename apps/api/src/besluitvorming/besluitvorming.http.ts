import { CommandType, PERMISSIONS } from '../../../../libs/auth/src';
import { CommandResult } from '../../../../libs/application/src';
import { vergaderingDecider, VergaderingEvent, vergaderingStream } from '../../../../libs/domain/src/besluitvorming';
import { fold } from '../../../../libs/domain/src/shared';
import { Runtime } from '../../../../libs/runtime/src';
import { AuthenticatedRequest } from '../http/request-context';
import { ProblemException } from '../http/problem';

export { uuid, withCommandHeaders } from '../http/params';

export { commandMeta as meta } from '../http/params';

export const ongeldig = (veld: string, melding: string, detail: string) =>
  new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', detail, { fouten: [{ veld, melding }] });

/** Optional YYYY-MM-DD query value. */
export const datumParam = (veld: string, value?: string): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw ongeldig(veld, 'geen geldige datum', `${veld} moet een datum zijn (JJJJ-MM-DD).`);
  return value;
};

/** Optional date or ISO instant query value. */
export const momentParam = (veld: string, value?: string): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)))
    throw ongeldig(veld, 'geen geldige datum of tijdstip', `${veld} moet een datum (JJJJ-MM-DD) of tijdstip (ISO 8601) zijn.`);
  return value.length === 10 ? value : new Date(value).toISOString();
};

export const geheelParam = (veld: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) throw ongeldig(veld, 'geen geldig geheel getal', `${veld} moet een geheel getal van ${min} tot en met ${max} zijn.`);
  return Number(value);
};

/** The meeting as its own stream says (not the read model): the gremium decides who may write. */
export async function vergaderingUitStream(runtime: Runtime, vergaderingId: string) {
  const events = await runtime.store.readStream(vergaderingStream(vergaderingId));
  const state = fold(vergaderingDecider, events.map((e) => ({ type: e.type, data: e.data }) as VergaderingEvent));
  if (state.status !== 'gepland') throw vergaderingNietGevonden(vergaderingId);
  return { state, events };
}

export const vergaderingNietGevonden = (vergaderingId: string) =>
  new ProblemException(404, 'vergadering-niet-gevonden', 'Vergadering niet gevonden', `Er is geen vergadering met id ${vergaderingId}.`);

export const besluitNietGevonden = (besluitId: string) =>
  new ProblemException(404, 'besluit-niet-gevonden', 'Besluit niet gevonden', `Er is geen besluit met id ${besluitId}.`);

/**
 * A besluit moves the kader through the process manager. The answer waits (briefly) until the kader
 * commands are written, and its `positie` covers them, so `naPositie` on the kader shows the effect.
 */
export async function naKaderGevolgen(runtime: Runtime, result: CommandResult): Promise<CommandResult> {
  const reactor = runtime.besluitReactor;
  if (result.events.length === 0 || !reactor.isRunning) return result;
  await reactor.waitFor(result.positie, 3000);
  return { ...result, positie: Math.max(result.positie, reactor.lastWritten()) };
}

/**
 * The role part of the authorisation, before looking anything up: a role that may never issue this
 * command gets 403, not a 404 that reveals whether the meeting exists. The gremium is checked by the gateway.
 */
export function eisRol(req: AuthenticatedRequest, commandType: CommandType): void {
  const actor = req.actor;
  if (!actor) return;
  const rollen: readonly string[] = PERMISSIONS[commandType].rollen;
  if (!rollen.includes(actor.role)) {
    throw new ProblemException(403, 'geen-toegang', 'Dit mag u niet', `Met de rol ${actor.role} mag u ${commandType} niet uitvoeren; dat mag: ${rollen.join(', ')}.`);
  }
}
