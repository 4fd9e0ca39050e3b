import { Fase, IsoDate } from '../shared';
import { KaderState, Mijlpaal } from './state';

export type MijlpaalStatus = 'gepland' | 'te-laat' | 'behaald' | 'geannuleerd';

/** Derived, never stored: a planned mijlpaal is te-laat from the day after its deadline. */
export const mijlpaalStatus = (mijlpaal: Pick<Mijlpaal, 'status' | 'deadline'>, today: IsoDate): MijlpaalStatus =>
  mijlpaal.status === 'gepland' && mijlpaal.deadline < today ? 'te-laat' : mijlpaal.status;

const opDeadline = (a: Mijlpaal, b: Mijlpaal) => a.deadline.localeCompare(b.deadline) || a.mijlpaalId.localeCompare(b.mijlpaalId);

/** Open mijlpalen (gepland or te-laat), of one fase when given, earliest deadline first; chosen before sorting, as a kader may hold thousands. */
export const openMijlpalen = (state: KaderState, fase?: Fase): Mijlpaal[] =>
  state.status === 'gestart'
    ? Object.values(state.mijlpalen).filter((m) => m.status === 'gepland' && (fase === undefined || m.fase === fase)).sort(opDeadline)
    : [];

/**
 * The open mijlpaal with the earliest deadline, with its status for today. A late one comes
 * first: it is still what the projectleider has to deliver next.
 */
export const volgendeMijlpaal = (state: KaderState, today: IsoDate): (Mijlpaal & { weergaveStatus: MijlpaalStatus }) | undefined => {
  const [eerste] = openMijlpalen(state);
  return eerste && { ...eerste, weergaveStatus: mijlpaalStatus(eerste, today) };
};
