import { NewEvent } from '../../../event-store/src';

/** The events the kader-status tests feed the projection: a fictional projectleider's actions on fictional kaders. */
export const meta = { actor: { id: 'test-projectleider', role: 'projectleider' }, correlationId: 'c-1' };
export const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);

export const gestart = (kaderId: string): NewEvent => ({ type: 'KaderGestart', data: { kaderId, titel: `Kader ${kaderId.slice(0, 4)}`, periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg', vaststellingsregel: { minimumGemeenten: 13 }, fase: 'opdracht', gestartOp: '2025-01-01T08:00:00.000Z' }, metadata: meta });
/** Every event type of a kader's life, `n` times, with a fase forward and back each round. */
export const ronde = (kaderId: string, n: number): NewEvent[] => [
  { type: 'ProjectleiderAangewezen', data: { kaderId, projectleiderId: `pl-${n}`, aangewezenOp: '2025-01-02T08:00:00.000Z' }, metadata: meta },
  { type: 'MijlpaalGepland', data: { kaderId, mijlpaalId: `m-${n}`, titel: `Mijlpaal ${n}`, fase: 'opdracht', deadline: day(n), eigenaar: 'projectleider', geplandOp: '2025-01-02T08:00:00.000Z' }, metadata: meta },
  ...Array.from({ length: 3 }, (_, i): NewEvent => ({ type: 'MijlpaalVerschoven', data: { kaderId, mijlpaalId: `m-${n}`, oudeDeadline: day(n + i), nieuweDeadline: day(n + i + 1), reden: 'Later', verschovenOp: '2025-01-03T08:00:00.000Z' }, metadata: meta })),
  { type: 'MijlpaalVerschoven', data: { kaderId, mijlpaalId: `m-${Math.max(0, n - 1)}`, oudeDeadline: day(n), nieuweDeadline: day(n + 9), reden: 'Eerdere', verschovenOp: '2025-01-03T08:00:00.000Z' }, metadata: meta },
  n % 2 ? { type: 'MijlpaalBehaald', data: { kaderId, mijlpaalId: `m-${n}`, behaaldOp: day(n), geregistreerdOp: '2025-01-04T08:00:00.000Z' }, metadata: meta }
    : { type: 'MijlpaalGeannuleerd', data: { kaderId, mijlpaalId: `m-${n}`, reden: 'Vervalt', geannuleerdOp: '2025-01-04T08:00:00.000Z' }, metadata: meta },
  { type: 'FaseBetreden', data: { kaderId, fase: 'plan-van-aanpak', vorigeFase: 'opdracht', toelichting: `Ronde ${n}`, betredenOp: '2025-01-05T08:00:00.000Z' }, metadata: meta },
  { type: 'FaseTeruggezet', data: { kaderId, naarFase: 'opdracht', vanFase: 'plan-van-aanpak', reden: `Terug ${n}`, teruggezetOp: '2025-01-06T08:00:00.000Z' }, metadata: meta },
  { type: 'BesluitGekoppeld', data: { kaderId, besluitId: `b-${n}`, gremium: 'directeurenoverleg', onderwerp: 'plan-van-aanpak', uitkomst: 'aangehouden', datum: day(n), gekoppeldOp: '2025-01-07T08:00:00.000Z' }, metadata: meta },
  { type: 'BesluitUitkomstGerectificeerd', data: { kaderId, besluitId: `b-${n}`, uitkomst: 'vastgesteld', vorigeUitkomst: 'aangehouden', reden: 'Notulen', gerectificeerdOp: '2025-01-08T08:00:00.000Z' }, metadata: meta },
  { type: 'LokaleVaststellingGeregistreerd', data: { kaderId, gemeente: 'GM0537', besluitId: `lb-${n}`, gremium: 'raad-GM0537', datum: day(n), uitkomst: 'vastgesteld', geregistreerdOp: '2025-01-09T08:00:00.000Z' }, metadata: meta },
  { type: 'BesluitKoppelingIngetrokken', data: { kaderId, besluitId: `lb-${Math.max(0, n - 1)}`, reden: 'Vernietigd', ingetrokkenOp: '2025-01-10T08:00:00.000Z' }, metadata: meta },
];
