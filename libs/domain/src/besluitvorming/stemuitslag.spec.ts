import { DomainError } from '../shared';
import { Stem, stemuitslag } from './stemuitslag';

const stemmen = (...keuzes: [string, Stem['keuze'], number?][]): Stem[] =>
  keuzes.map(([stemgerechtigde, keuze, gewicht]) => ({ stemgerechtigde, keuze, ...(gewicht !== undefined ? { gewicht } : {}) }));

describe('stemuitslag', () => {
  it('counts each option and adopts by a majority of the votes cast, ignoring abstentions and absentees', () => {
    const uitslag = stemuitslag({ stemmen: stemmen(['GM0546', 'voor'], ['GM0547', 'voor'], ['GM0579', 'tegen'], ['GM0626', 'onthouding'], ['GM0638', 'afwezig']) });
    expect(uitslag).toEqual({
      aantallen: { voor: 2, tegen: 1, onthouding: 1, afwezig: 1 },
      gewogen: { voor: 2, tegen: 1, onthouding: 1, afwezig: 1 },
      basis: 3,
      staking: false,
      uitslag: 'aangenomen',
    });
  });

  it('rejects on a tie and says the votes were tied', () => {
    const uitslag = stemuitslag({ stemmen: stemmen(['GM0546', 'voor'], ['GM0547', 'tegen']) });
    expect([uitslag.uitslag, uitslag.staking]).toEqual(['verworpen', true]);
  });

  it('weighs votes: one heavy gemeente can outvote two light ones', () => {
    const uitslag = stemuitslag({ stemmen: stemmen(['GM0546', 'voor', 5], ['GM0547', 'tegen', 2], ['GM0579', 'tegen', 2]) });
    expect([uitslag.gewogen.voor, uitslag.gewogen.tegen, uitslag.aantallen.tegen, uitslag.uitslag]).toEqual([5, 4, 2, 'aangenomen']);
  });

  it("follows the gremium's own rule: two thirds of all entitled members", () => {
    const regel = { drempel: 2 / 3, basis: 'alle-stemgerechtigden' as const };
    const zes = stemmen(['a', 'voor'], ['b', 'voor'], ['c', 'voor'], ['d', 'voor'], ['e', 'tegen'], ['f', 'afwezig']);
    expect(stemuitslag({ stemmen: zes, regel }).uitslag).toBe('verworpen');
    expect(stemuitslag({ stemmen: zes.map((s) => (s.stemgerechtigde === 'f' ? { ...s, keuze: 'voor' as const } : s)), regel }).uitslag).toBe('aangenomen');
  });

  it('rejects when nobody cast a vote', () => expect(stemuitslag({ stemmen: stemmen(['a', 'onthouding'], ['b', 'afwezig']) }).uitslag).toBe('verworpen'));

  it('refuses votes it cannot count, naming each problem', () => {
    let error: DomainError | undefined;
    try {
      stemuitslag({ stemmen: [...stemmen(['a', 'voor', -1], ['a', 'tegen']), { stemgerechtigde: '', keuze: 'ja' as never }] });
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.code).toBe('stemming-ongeldig');
    expect(error?.reasons).toHaveLength(4);
  });
});
