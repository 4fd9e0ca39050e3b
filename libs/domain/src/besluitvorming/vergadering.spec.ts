import { DomainError } from '../shared';
import {
  AgendapuntToegevoegd,
  BesluitGenomen,
  VergaderingCommand,
  vergaderingDecider,
  VergaderingEvent,
  VergaderingGepland,
  vergaderingOccurredAt,
} from './vergadering';

const metadata = { now: '2025-10-20T09:00:00.000Z', actor: { id: 'griffier-1', role: 'secretariaat' } };
type Data<T extends VergaderingCommand['type']> = Extract<VergaderingCommand, { type: T }>['data'];
const cmd = <T extends VergaderingCommand['type']>(type: T, data: Data<T>, now = metadata.now) => ({ type, data, metadata: { ...metadata, now } }) as VergaderingCommand;

/** A scenario may end in an expression (then/thenError return values); jest wants void. */
const scenario = (name: string, fn: () => unknown) => it(name, () => void fn());

const given = (...events: VergaderingEvent[]) => ({
  when: (command: VergaderingCommand) => {
    const state = events.reduce(vergaderingDecider.evolve, vergaderingDecider.initialState);
    return {
      then: (expected: VergaderingEvent[]) => expect(vergaderingDecider.decide(command, state)).toEqual(expected),
      thenEmits: () => vergaderingDecider.decide(command, state),
      thenError: (kind: DomainError['kind'], code: string) => {
        let caught: unknown;
        try {
          vergaderingDecider.decide(command, state);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(DomainError);
        expect({ kind: (caught as DomainError).kind, code: (caught as DomainError).code }).toEqual({ kind, code });
        return caught as DomainError;
      },
    };
  },
});

const gepland: VergaderingGepland = {
  type: 'VergaderingGepland',
  data: { vergaderingId: 'bc-2025-10', gremium: 'bestuurscommissie-maatschappij', datum: '2025-10-08', titel: 'Bestuurscommissie Maatschappij' },
};
const voorstel = { titel: 'Concept-beleidskader 2026-2032', samenvatting: 'Het concept ter bespreking.', documenten: [{ titel: 'Concept v3', url: 'https://docs.example.org/concept-v3.pdf', hash: 'sha256:abc123' }] };
const agendapunt: AgendapuntToegevoegd = {
  type: 'AgendapuntToegevoegd',
  data: { vergaderingId: 'bc-2025-10', agendapuntId: 'ap-1', volgnummer: 1, titel: 'Concept-kader', kaderId: 'kader-2026', onderwerp: 'concept-kader', voorstel },
};
const besluit: BesluitGenomen = {
  type: 'BesluitGenomen',
  data: {
    vergaderingId: 'bc-2025-10',
    gremium: 'bestuurscommissie-maatschappij',
    agendapuntId: 'ap-1',
    besluitId: 'b-1',
    kaderId: 'kader-2026',
    onderwerp: 'concept-kader',
    versie: 1,
    uitkomst: 'voorgenomen-besluit',
    besluittekst: 'De commissie neemt het voorgenomen besluit het concept vrij te geven.',
    datum: '2025-10-08',
    amendementen: [],
  },
};
const neemBesluit = cmd('NeemBesluit', {
  besluitId: 'b-1',
  agendapuntId: 'ap-1',
  uitkomst: 'voorgenomen-besluit',
  besluittekst: 'De commissie neemt het voorgenomen besluit het concept vrij te geven.',
  datum: '2025-10-08',
});

describe('PlanVergadering', () => {
  scenario('plans a meeting of a gremium', () =>
    given().when(cmd('PlanVergadering', { ...gepland.data })).then([gepland]));

  scenario('plans a meeting of the college of a gemeente, with a location', () =>
    given()
      .when(cmd('PlanVergadering', { vergaderingId: 'c-1', gremium: 'college-GM0546', datum: '2025-11-04', titel: 'Collegevergadering', locatie: 'Stadhuis' }))
      .then([{ type: 'VergaderingGepland', data: { vergaderingId: 'c-1', gremium: 'college-GM0546', datum: '2025-11-04', titel: 'Collegevergadering', locatie: 'Stadhuis' } }]));

  scenario('refuses the college of a gemeente outside Holland Rijnland', () =>
    given()
      .when(cmd('PlanVergadering', { vergaderingId: 'c-2', gremium: 'college-GM0363', datum: '2025-11-04', titel: 'Collegevergadering' }))
      .thenError('invalid', 'vergadering-ongeldig'));

  scenario('does nothing when the same meeting is planned again', () => given(gepland).when(cmd('PlanVergadering', { ...gepland.data })).then([]));

  scenario('refuses to plan an existing meeting with other data', () =>
    given(gepland).when(cmd('PlanVergadering', { ...gepland.data, datum: '2025-10-09' })).thenError('conflict', 'vergadering-bestaat-al'));

  scenario('refuses an unknown gremium, an impossible date and an empty title, naming each', () => {
    const error = given()
      .when(cmd('PlanVergadering', { vergaderingId: 'x', gremium: 'gemeenteraad' as never, datum: '2025-02-30', titel: ' ' }))
      .thenError('invalid', 'vergadering-ongeldig');
    expect(error.reasons).toHaveLength(3);
  });
});

describe('VoegAgendapuntToe', () => {
  const { vergaderingId: _v, ...agendapuntData } = agendapunt.data;

  scenario('adds an agendapunt with its voorstel and documents', () => given(gepland).when(cmd('VoegAgendapuntToe', agendapuntData)).then([agendapunt]));

  scenario('needs a planned meeting', () => given().when(cmd('VoegAgendapuntToe', agendapuntData)).thenError('not_found', 'vergadering-onbekend'));

  scenario('does nothing on an identical repeat, refuses the same id with other data', () => {
    given(gepland, agendapunt).when(cmd('VoegAgendapuntToe', agendapuntData)).then([]);
    given(gepland, agendapunt).when(cmd('VoegAgendapuntToe', { ...agendapuntData, titel: 'Anders' })).thenError('conflict', 'agendapunt-bestaat-al');
  });

  scenario('refuses a volgnummer that is taken', () =>
    given(gepland, agendapunt).when(cmd('VoegAgendapuntToe', { ...agendapuntData, agendapuntId: 'ap-2' })).thenError('conflict', 'volgnummer-bezet'));

  scenario('requires a kader for an agendapunt about the kader process, not for other business', () => {
    given(gepland).when(cmd('VoegAgendapuntToe', { agendapuntId: 'ap-2', volgnummer: 2, titel: 'Plan van aanpak', onderwerp: 'plan-van-aanpak' })).thenError('invalid', 'agendapunt-ongeldig');
    expect(given(gepland).when(cmd('VoegAgendapuntToe', { agendapuntId: 'ap-3', volgnummer: 3, titel: 'Rondvraag', onderwerp: 'overig' })).thenEmits()).toHaveLength(1);
  });

  scenario('refuses a document without a web address or hash', () => {
    const error = given(gepland)
      .when(cmd('VoegAgendapuntToe', { ...agendapuntData, voorstel: { ...voorstel, documenten: [{ titel: 'Bijlage', url: 'schijf-k/bijlage.docx', hash: '' }] } }))
      .thenError('invalid', 'agendapunt-ongeldig');
    expect(error.reasons).toHaveLength(2);
  });

  scenario('refuses new agendapunten once the besluitenlijst is adopted', () =>
    given(gepland, agendapunt, besluit, vastgesteld())
      .when(cmd('VoegAgendapuntToe', { agendapuntId: 'ap-9', volgnummer: 9, titel: 'Nagekomen', onderwerp: 'overig' }))
      .thenError('conflict', 'besluitenlijst-vastgesteld'));
});

describe('NeemBesluit', () => {
  scenario('records the besluit with the kader and onderwerp of its agendapunt', () => given(gepland, agendapunt).when(neemBesluit).then([besluit]));

  scenario('refuses a besluit before its agendapunt exists', () => given(gepland).when(neemBesluit).thenError('not_found', 'agendapunt-onbekend'));

  scenario('refuses a second besluit on the same agendapunt: rectify instead', () =>
    given(gepland, agendapunt, besluit)
      .when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), besluitId: 'b-2' }))
      .thenError('conflict', 'agendapunt-heeft-besluit'));

  scenario('does nothing when the very same besluit is recorded again', () => given(gepland, agendapunt, besluit).when(neemBesluit).then([]));

  scenario('refuses a besluit dated before the meeting or in the future', () => {
    const data = neemBesluit.data as Data<'NeemBesluit'>;
    given(gepland, agendapunt).when(cmd('NeemBesluit', { ...data, datum: '2025-10-07' })).thenError('invalid', 'besluit-ongeldig');
    given(gepland, agendapunt).when(cmd('NeemBesluit', { ...data, datum: '2025-10-21' })).thenError('invalid', 'besluit-ongeldig');
  });

  scenario('accepts a besluit recorded days after it was taken, keeping the date it was taken', () => {
    const [event] = given(gepland, agendapunt).when(cmd('NeemBesluit', neemBesluit.data as Data<'NeemBesluit'>, '2025-10-13T15:00:00.000Z')).thenEmits();
    expect(event.type === 'BesluitGenomen' && event.data.datum).toBe('2025-10-08');
    expect(vergaderingOccurredAt(event, '2025-10-13T15:00:00.000Z')).toBe('2025-10-08T00:00:00.000Z');
  });

  scenario('refuses an unknown outcome and an empty text', () =>
    given(gepland, agendapunt)
      .when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), uitkomst: 'goedgekeurd' as never, besluittekst: '' }))
      .thenError('invalid', 'besluit-ongeldig'));

  scenario('keeps amendments', () => {
    const amendementen = [{ titel: 'Amendement ervaringsdeskundigen', tekst: 'Voeg een paragraaf over ervaringsdeskundigen toe.', aangenomen: true }];
    const [event] = given(gepland, agendapunt)
      .when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), uitkomst: 'gewijzigd-vastgesteld', amendementen }))
      .thenEmits();
    expect(event.type === 'BesluitGenomen' && event.data.amendementen).toEqual(amendementen);
  });

  describe('with a stemming', () => {
    const stemming = {
      stemmen: [
        { stemgerechtigde: 'GM0546', keuze: 'voor' as const },
        { stemgerechtigde: 'GM0547', keuze: 'voor' as const },
        { stemgerechtigde: 'GM0579', keuze: 'tegen' as const },
        { stemgerechtigde: 'GM0626', keuze: 'onthouding' as const },
      ],
    };

    scenario('stores the computed result next to the votes', () => {
      const [event] = given(gepland, agendapunt).when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), stemming })).thenEmits();
      expect(event.type === 'BesluitGenomen' && event.data.stemming?.uitslag).toMatchObject({
        aantallen: { voor: 2, tegen: 1, onthouding: 1, afwezig: 0 },
        uitslag: 'aangenomen',
      });
    });

    scenario('refuses an invalid choice or a member voting twice', () => {
      const error = given(gepland, agendapunt)
        .when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), stemming: { stemmen: [...stemming.stemmen, { stemgerechtigde: 'GM0546', keuze: 'misschien' as never }] } }))
        .thenError('invalid', 'besluit-ongeldig');
      expect(error.reasons.join(' ')).toMatch(/GM0546 heeft meer dan één keer gestemd.*onbekende keuze/);
    });

    scenario('refuses an outcome that contradicts the vote', () =>
      given(gepland, agendapunt)
        .when(cmd('NeemBesluit', { ...(neemBesluit.data as Data<'NeemBesluit'>), uitkomst: 'vastgesteld', stemming: { stemmen: [{ stemgerechtigde: 'GM0546', keuze: 'tegen' }] } }))
        .thenError('invalid', 'uitkomst-strijdig-met-stemming'));
  });

  scenario('refuses new besluiten once the besluitenlijst is adopted', () =>
    given(gepland, agendapunt, vastgesteld()).when(neemBesluit).thenError('conflict', 'besluitenlijst-vastgesteld'));
});

describe('RectificeerBesluit', () => {
  scenario('supersedes the text and keeps the original', () =>
    given(gepland, agendapunt, besluit)
      .when(cmd('RectificeerBesluit', { besluitId: 'b-1', besluittekst: 'Gecorrigeerde tekst.', reden: 'Typefout in het besluit.' }))
      .then([
        {
          type: 'BesluitGerectificeerd',
          data: {
            vergaderingId: 'bc-2025-10',
            gremium: 'bestuurscommissie-maatschappij',
            agendapuntId: 'ap-1',
            besluitId: 'b-1',
            kaderId: 'kader-2026',
            onderwerp: 'concept-kader',
            versie: 2,
            uitkomst: 'voorgenomen-besluit',
            besluittekst: 'Gecorrigeerde tekst.',
            gewijzigd: ['besluittekst'],
            vorige: { uitkomst: 'voorgenomen-besluit', besluittekst: besluit.data.besluittekst },
            reden: 'Typefout in het besluit.',
            datum: '2025-10-20',
          },
        },
      ]));

  scenario('numbers each rectificatie as the next version and compares with the latest text', () => {
    const eerste = given(gepland, agendapunt, besluit).when(cmd('RectificeerBesluit', { besluitId: 'b-1', uitkomst: 'vastgesteld', reden: 'Verkeerde uitkomst genoteerd.' })).thenEmits();
    const [tweede] = given(gepland, agendapunt, besluit, ...eerste)
      .when(cmd('RectificeerBesluit', { besluitId: 'b-1', uitkomst: 'vastgesteld', toelichting: 'Met dank aan de werkgroep.', reden: 'Toelichting vergeten.' }))
      .thenEmits();
    expect(tweede.type === 'BesluitGerectificeerd' && [tweede.data.versie, tweede.data.gewijzigd, tweede.data.vorige.uitkomst]).toEqual([3, ['toelichting'], 'vastgesteld']);
  });

  scenario('requires a reason', () =>
    given(gepland, agendapunt, besluit).when(cmd('RectificeerBesluit', { besluitId: 'b-1', besluittekst: 'Nieuw.', reden: '  ' })).thenError('invalid', 'rectificatie-ongeldig'));

  scenario('refuses a rectificatie that changes nothing', () =>
    given(gepland, agendapunt, besluit)
      .when(cmd('RectificeerBesluit', { besluitId: 'b-1', besluittekst: besluit.data.besluittekst, reden: 'Voor de zekerheid.' }))
      .thenError('invalid', 'rectificatie-zonder-wijziging'));

  scenario('refuses an unknown besluit', () =>
    given(gepland, agendapunt).when(cmd('RectificeerBesluit', { besluitId: 'b-9', besluittekst: 'x', reden: 'y' })).thenError('not_found', 'besluit-onbekend'));

  scenario('refuses a withdrawn besluit', () =>
    given(gepland, agendapunt, besluit, ingetrokken())
      .when(cmd('RectificeerBesluit', { besluitId: 'b-1', besluittekst: 'x', reden: 'y' }))
      .thenError('conflict', 'besluit-ingetrokken'));

  scenario('is allowed after the besluitenlijst is adopted', () =>
    expect(given(gepland, agendapunt, besluit, vastgesteld()).when(cmd('RectificeerBesluit', { besluitId: 'b-1', besluittekst: 'Nieuw.', reden: 'Fout.' })).thenEmits()).toHaveLength(1));
});

describe('TrekBesluitIn', () => {
  scenario('withdraws a besluit with its reason', () =>
    given(gepland, agendapunt, besluit).when(cmd('TrekBesluitIn', { besluitId: 'b-1', reden: 'Genomen op een onjuist voorstel.' })).then([ingetrokken()]));

  scenario('requires a reason', () => given(gepland, agendapunt, besluit).when(cmd('TrekBesluitIn', { besluitId: 'b-1', reden: '' })).thenError('invalid', 'intrekking-ongeldig'));

  scenario('refuses to withdraw twice or to withdraw what does not exist', () => {
    given(gepland, agendapunt, besluit, ingetrokken()).when(cmd('TrekBesluitIn', { besluitId: 'b-1', reden: 'Nogmaals.' })).thenError('conflict', 'besluit-ingetrokken');
    given(gepland, agendapunt).when(cmd('TrekBesluitIn', { besluitId: 'b-1', reden: 'Nogmaals.' })).thenError('not_found', 'besluit-onbekend');
  });
});

describe('StelBesluitenlijstVast', () => {
  scenario('adopts the list of besluiten in agenda order, with the Woo publication deadline', () =>
    given(gepland, agendapunt, besluit).when(cmd('StelBesluitenlijstVast', { datum: '2025-10-15' })).then([vastgesteld('2025-10-15')]));

  scenario('refuses a date before the meeting or in the future', () => {
    given(gepland, agendapunt, besluit).when(cmd('StelBesluitenlijstVast', { datum: '2025-10-07' })).thenError('invalid', 'vaststelling-ongeldig');
    given(gepland, agendapunt, besluit).when(cmd('StelBesluitenlijstVast', { datum: '2025-10-21' })).thenError('invalid', 'vaststelling-ongeldig');
  });

  scenario('does nothing on a repeat, refuses a second adoption on another date', () => {
    given(gepland, besluitenlijstEvents()).when(cmd('StelBesluitenlijstVast', { datum: '2025-10-15' })).then([]);
    given(gepland, besluitenlijstEvents()).when(cmd('StelBesluitenlijstVast', { datum: '2025-10-16' })).thenError('conflict', 'besluitenlijst-al-vastgesteld');
  });

  scenario('needs a planned meeting', () => given().when(cmd('StelBesluitenlijstVast', { datum: '2025-10-15' })).thenError('not_found', 'vergadering-onbekend'));
});

describe('PubliceerBesluitenlijst', () => {
  scenario('records a timely publication with DiWoo metadata and the chain head', () => {
    const [event] = given(gepland, agendapunt, besluit, vastgesteld('2025-10-15'))
      .when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-20', url: 'https://open.example.org/besluitenlijst.pdf', ketenkop: 'sha256:feed' }))
      .thenEmits();
    expect(event).toMatchObject({
      type: 'BesluitenlijstGepubliceerd',
      data: {
        datum: '2025-10-20',
        vastgesteldOp: '2025-10-15',
        publicerenUiterlijk: '2025-10-29',
        tijdig: true,
        ketenkop: 'sha256:feed',
        diwoo: {
          publisher: { resource: 'https://identifier.overheid.nl/tooi/id/so/so0507' },
          officieleTitel: 'Besluitenlijst Bestuurscommissie Maatschappij 2025-10-08',
          informatiecategorieen: [{ resource: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_3a248e3a' }],
          documenthandelingen: [{ soortHandeling: { resource: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_641ecd76' }, atTime: '2025-10-15' }],
        },
      },
    });
  });

  scenario('marks a publication after two weeks as late', () => {
    const [event] = given(gepland, vastgesteld('2025-10-01')).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-16' })).thenEmits();
    expect(event.type === 'BesluitenlijstGepubliceerd' && event.data.tijdig).toBe(false);
  });

  scenario('refuses to publish a list that is not adopted', () =>
    given(gepland, agendapunt, besluit).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-20' })).thenError('conflict', 'besluitenlijst-niet-vastgesteld'));

  scenario('refuses a publication date before adoption', () =>
    given(gepland, vastgesteld('2025-10-15')).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-14' })).thenError('invalid', 'publicatie-ongeldig'));

  scenario('does nothing on a repeat, refuses a different second publication', () => {
    const gepubliceerd = given(gepland, vastgesteld('2025-10-15')).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-20' })).thenEmits();
    given(gepland, vastgesteld('2025-10-15'), ...gepubliceerd).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-20' })).then([]);
    given(gepland, vastgesteld('2025-10-15'), ...gepubliceerd).when(cmd('PubliceerBesluitenlijst', { datum: '2025-10-19' })).thenError('conflict', 'besluitenlijst-al-gepubliceerd');
  });
});

describe('evolve', () => {
  scenario('ignores events for a meeting it has not seen planned instead of failing', () =>
    expect(vergaderingDecider.evolve(vergaderingDecider.initialState, besluit)).toEqual(vergaderingDecider.initialState));
});

function vastgesteld(datum = '2025-10-15'): VergaderingEvent {
  const termijn: Record<string, string> = { '2025-10-15': '2025-10-29', '2025-10-01': '2025-10-15' };
  return { type: 'BesluitenlijstVastgesteld', data: { vergaderingId: 'bc-2025-10', gremium: 'bestuurscommissie-maatschappij', datum, besluitIds: ['b-1'], publicerenUiterlijk: termijn[datum] } };
}
function besluitenlijstEvents(): VergaderingEvent {
  return vastgesteld('2025-10-15');
}
function ingetrokken(): VergaderingEvent {
  return {
    type: 'BesluitIngetrokken',
    data: {
      vergaderingId: 'bc-2025-10',
      gremium: 'bestuurscommissie-maatschappij',
      agendapuntId: 'ap-1',
      besluitId: 'b-1',
      kaderId: 'kader-2026',
      onderwerp: 'concept-kader',
      versie: 2,
      reden: 'Genomen op een onjuist voorstel.',
      datum: '2025-10-20',
    },
  };
}
