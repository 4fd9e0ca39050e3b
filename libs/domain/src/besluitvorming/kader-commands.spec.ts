import { BesluitGenomen, BesluitGerectificeerd, BesluitIngetrokken } from './vergadering';
import { kaderCommandsFor } from './kader-commands';

const genomen = (over: Partial<BesluitGenomen['data']> = {}): BesluitGenomen => ({
  type: 'BesluitGenomen',
  data: {
    vergaderingId: 'do-1',
    gremium: 'directeurenoverleg',
    agendapuntId: 'ap-1',
    besluitId: 'b-1',
    kaderId: 'kader-2026',
    onderwerp: 'plan-van-aanpak',
    versie: 1,
    uitkomst: 'vastgesteld',
    besluittekst: 'Het plan van aanpak wordt vastgesteld.',
    datum: '2025-03-12',
    amendementen: [],
    ...over,
  },
});

describe('kaderCommandsFor', () => {
  it('links a besluit about the plan van aanpak to its kader', () =>
    expect(kaderCommandsFor(genomen())).toEqual([
      {
        type: 'KoppelBesluit',
        data: { kaderId: 'kader-2026', besluitId: 'b-1', vergaderingId: 'do-1', gremium: 'directeurenoverleg', onderwerp: 'plan-van-aanpak', uitkomst: 'vastgesteld', datum: '2025-03-12' },
      },
    ]));

  it('links a voorgenomen besluit of the bestuurscommissie on the concept', () =>
    expect(kaderCommandsFor(genomen({ gremium: 'bestuurscommissie-maatschappij', onderwerp: 'concept-kader', uitkomst: 'voorgenomen-besluit' }))[0]).toMatchObject({
      type: 'KoppelBesluit',
      data: { gremium: 'bestuurscommissie-maatschappij', onderwerp: 'concept-kader' },
    }));

  it('turns a raad besluit on the kader into that gemeente adopting it locally', () =>
    expect(kaderCommandsFor(genomen({ gremium: 'raad-GM0484', onderwerp: 'kader', datum: '2026-01-29' }))).toEqual([
      { type: 'RegistreerLokaleVaststelling', data: { kaderId: 'kader-2026', gemeente: 'GM0484', besluitId: 'b-1', gremium: 'raad-GM0484', datum: '2026-01-29', uitkomst: 'vastgesteld' } },
    ]));

  it('ignores other business and besluiten without a kader', () => {
    expect(kaderCommandsFor(genomen({ onderwerp: 'overig' }))).toEqual([]);
    expect(kaderCommandsFor(genomen({ kaderId: undefined }))).toEqual([]);
  });

  const context = { vergaderingId: 'do-1', gremium: 'directeurenoverleg' as const, agendapuntId: 'ap-1', besluitId: 'b-1', kaderId: 'kader-2026', onderwerp: 'plan-van-aanpak' as const };

  it('passes on a corrected outcome, but not a corrected text', () => {
    const rectificatie = (gewijzigd: BesluitGerectificeerd['data']['gewijzigd']): BesluitGerectificeerd => ({
      type: 'BesluitGerectificeerd',
      data: { ...context, versie: 2, uitkomst: 'aangehouden', besluittekst: 't', gewijzigd, vorige: { uitkomst: 'vastgesteld', besluittekst: 't' }, reden: 'Verkeerd genoteerd.', datum: '2025-03-20' },
    });
    expect(kaderCommandsFor(rectificatie(['uitkomst']))).toEqual([
      { type: 'WijzigBesluitUitkomst', data: { kaderId: 'kader-2026', besluitId: 'b-1', uitkomst: 'aangehouden', reden: 'Verkeerd genoteerd.' } },
    ]);
    expect(kaderCommandsFor(rectificatie(['besluittekst']))).toEqual([]);
  });

  it('withdraws the link when the besluit is withdrawn', () => {
    const intrekking: BesluitIngetrokken = { type: 'BesluitIngetrokken', data: { ...context, versie: 2, reden: 'Onbevoegd genomen.', datum: '2025-03-20' } };
    expect(kaderCommandsFor(intrekking)).toEqual([{ type: 'TrekBesluitIn', data: { kaderId: 'kader-2026', besluitId: 'b-1', reden: 'Onbevoegd genomen.' } }]);
  });

  it('issues nothing for planning and agenda events', () =>
    expect(kaderCommandsFor({ type: 'VergaderingGepland', data: { vergaderingId: 'do-1', gremium: 'directeurenoverleg', datum: '2025-03-12', titel: 'DO' } })).toEqual([]));
});
