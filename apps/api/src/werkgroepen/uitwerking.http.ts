import { kaderStreamId } from '../../../../libs/domain/src/kader';
import { Runtime } from '../../../../libs/runtime/src';
import { ProblemException } from '../http/problem';

/** HTTP helpers shared by the werkgroepen, participatie and opgaven controllers (issue 4). */

export { today, withCommandHeaders } from '../http/params';

export { naPositieQuery } from '../http/freshness';

export const nietGevonden = (soort: string, id: string) =>
  new ProblemException(404, `${soort}-niet-gevonden`, `${soort[0].toUpperCase()}${soort.slice(1)} niet gevonden`, `Er is geen ${soort} met id ${id}.`);

/** Something may only be set up for a kader that exists; the kader's own stream is the truth, not a read model. */
export async function eisKader(runtime: Runtime, kaderId: string): Promise<void> {
  const events = await runtime.store.readStream(kaderStreamId(kaderId), { to: 1 });
  if (events.length === 0) throw nietGevonden('kader', kaderId);
}

/** Optional enum query value. */
export function keuzeParam<T extends string>(veld: string, values: readonly T[], value?: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!values.includes(value as T)) {
    throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', `${veld} moet een van deze waarden zijn: ${values.join(', ')}.`, {
      fouten: [{ veld, melding: 'onbekende waarde' }],
    });
  }
  return value as T;
}

/** Optional true/false query value. */
export function booleanParam(veld: string, value?: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'true' && value !== 'false') {
    throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', `${veld} moet true of false zijn.`, { fouten: [{ veld, melding: 'geen true of false' }] });
  }
  return value === 'true';
}
