import { deciderSpec } from '../testing';
import { ParticipatieEvent, participatieDecider } from './participatieronde';

const spec = deciderSpec(participatieDecider);
const R = 'ronde-1';
const K = 'kader-2026';
const gepland: ParticipatieEvent = {
  type: 'ParticipatierondeGepland',
  data: { rondeId: R, kaderId: K, fase: 'participatie-en-uitwerking', doel: 'Ophalen wat werkt in de opvang', vorm: 'bijeenkomst', datum: '2025-04-15', genodigden: ['ervaringsdeskundigen', 'zorgaanbieder'], geplandOp: '2025-03-01T09:00:00Z' },
};
const inbreng = (inbrengId: string, partijType: 'ervaringsdeskundigen' | 'zorgaanbieder' = 'ervaringsdeskundigen'): ParticipatieEvent => ({
  type: 'InbrengOntvangen',
  data: { rondeId: R, kaderId: K, inbrengId, bron: { partijType }, thema: 'dak-en-thuisloosheid', tekst: 'Meer kleinschalige opvang', ontvangenOp: '2025-04-15T15:00:00Z' },
});
const beantwoord = (inbrengId: string): ParticipatieEvent => ({
  type: 'InbrengBeantwoord',
  data: { rondeId: R, kaderId: K, inbrengId, uitkomst: 'overgenomen', reden: 'Past bij de visie', verwerking: { kaderdeel: 'hoofdstuk-3' }, beantwoordOp: '2025-05-01T09:00:00Z' },
});
const gesloten: ParticipatieEvent = { type: 'ParticipatierondeGesloten', data: { rondeId: R, kaderId: K, onbeantwoord: 0, geslotenOp: '2025-05-02T09:00:00Z' } };

describe('participatieronde plannen', () => {
  it('plant een ronde in een fase van het kader, met uitgenodigde soorten partijen', () => {
    spec.given([]).when({
      type: 'PlanParticipatieronde',
      data: { rondeId: R, kaderId: K, fase: 'participatie-en-uitwerking', doel: 'Ophalen', vorm: 'bijeenkomst', datum: '2025-04-15', genodigden: ['ervaringsdeskundigen', 'wonen', 'wonen'] },
    }).thenMatches([{ type: 'ParticipatierondeGepland', data: { fase: 'participatie-en-uitwerking', genodigden: ['ervaringsdeskundigen', 'wonen'], geplandOp: '2025-03-10T09:00:00Z' } }]);
  });

  it('weigert een onbekende fase, vorm of een ronde zonder genodigden', () => {
    const data = { rondeId: R, kaderId: K, fase: 'participatie-en-uitwerking' as const, doel: 'Ophalen', vorm: 'bijeenkomst' as const, datum: '2025-04-15', genodigden: ['inwoners' as const] };
    spec.given([]).when({ type: 'PlanParticipatieronde', data: { ...data, fase: 'evaluatie' as never } }).thenThrows('onbekende-fase', 'invalid');
    spec.given([]).when({ type: 'PlanParticipatieronde', data: { ...data, vorm: 'borrel' as never } }).thenThrows('onbekende-vorm', 'invalid');
    spec.given([]).when({ type: 'PlanParticipatieronde', data: { ...data, genodigden: [] } }).thenThrows('geen-genodigden', 'invalid');
    spec.given([gepland]).when({ type: 'PlanParticipatieronde', data }).thenThrows('participatieronde-bestaat-al', 'conflict');
  });
});

describe('inbreng', () => {
  it('registreert inbreng van een organisatie', () => {
    spec.given([gepland]).when({
      type: 'RegistreerInbreng',
      data: { rondeId: R, inbrengId: 'i-1', bron: { partijType: 'woningcorporatie', organisatie: 'Woningcorporatie Noord' }, thema: 'huisvesting', tekst: 'Skaeve huse zijn haalbaar' },
    }).thenMatches([{ type: 'InbrengOntvangen', data: { kaderId: K, bron: { partijType: 'woningcorporatie', organisatie: 'Woningcorporatie Noord' } } }]);
  });

  it('koppelt inbreng van inwoners niet aan een naam of organisatie', () => {
    spec.given([gepland]).when({ type: 'RegistreerInbreng', data: { rondeId: R, inbrengId: 'i-1', bron: { partijType: 'inwoners', organisatie: 'A. Inwoner' }, thema: 't', tekst: 'x' } })
      .thenThrows('persoon-niet-noemen', 'invalid');
  });

  it('neemt geen inbreng meer aan in een gesloten ronde', () => {
    spec.given([gepland, gesloten]).when({ type: 'RegistreerInbreng', data: { rondeId: R, inbrengId: 'i-9', bron: { partijType: 'inwoners' }, thema: 't', tekst: 'x' } })
      .thenThrows('participatieronde-gesloten', 'conflict');
  });

  it('kent een onbekende ronde niet', () => {
    spec.given([]).when({ type: 'RegistreerInbreng', data: { rondeId: R, inbrengId: 'i-1', bron: { partijType: 'inwoners' }, thema: 't', tekst: 'x' } })
      .thenThrows('participatieronde-onbekend', 'not_found');
  });
});

describe('terugkoppeling', () => {
  it('beantwoordt inbreng met uitkomst, reden en waar zij landde', () => {
    spec.given([gepland, inbreng('i-1')]).when({
      type: 'BeantwoordInbreng',
      data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'deels-overgenomen', reden: 'Deels lokaal op te pakken', verwerking: { opgaveId: 'opg-7' } },
    }).then([
      {
        type: 'InbrengBeantwoord',
        data: { rondeId: R, kaderId: K, inbrengId: 'i-1', uitkomst: 'deels-overgenomen', reden: 'Deels lokaal op te pakken', verwerking: { opgaveId: 'opg-7' }, beantwoordOp: '2025-03-10T09:00:00Z' },
      },
    ]);
  });

  it('eist bij overnemen een plek in een opgave of het kader, en altijd een reden', () => {
    spec.given([gepland, inbreng('i-1')]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'overgenomen', reden: 'Goed idee' } })
      .thenThrows('verwerking-ontbreekt', 'invalid');
    spec.given([gepland, inbreng('i-1')]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'niet-overgenomen', reden: '' } })
      .thenThrows('reden-ontbreekt', 'invalid');
    spec.given([gepland, inbreng('i-1')]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'niet-overgenomen', reden: 'Valt buiten het kader' } })
      .thenMatches([{ type: 'InbrengBeantwoord', data: { uitkomst: 'niet-overgenomen' } }]);
  });

  it('beantwoordt dezelfde inbreng niet twee keer verschillend', () => {
    spec.given([gepland, inbreng('i-1'), beantwoord('i-1')]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'niet-overgenomen', reden: 'x' } })
      .thenThrows('inbreng-al-beantwoord', 'conflict');
    spec.given([gepland, inbreng('i-1'), beantwoord('i-1')]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'overgenomen', reden: 'x', verwerking: { kaderdeel: 'h3' } } })
      .thenNothing();
  });

  it('staat terugkoppeling na het sluiten nog toe', () => {
    const metReden: ParticipatieEvent = { type: 'ParticipatierondeGesloten', data: { rondeId: R, kaderId: K, onbeantwoord: 1, reden: 'Termijn verstreken', geslotenOp: '2025-05-02T09:00:00Z' } };
    spec.given([gepland, inbreng('i-1'), metReden]).when({ type: 'BeantwoordInbreng', data: { rondeId: R, inbrengId: 'i-1', uitkomst: 'niet-overgenomen', reden: 'Later bekeken' } })
      .thenMatches([{ type: 'InbrengBeantwoord' }]);
  });
});

describe('ronde sluiten', () => {
  it('sluit niet zolang inbreng onbeantwoord is', () => {
    const error = spec.given([gepland, inbreng('i-1'), inbreng('i-2', 'zorgaanbieder'), beantwoord('i-1')])
      .when({ type: 'SluitParticipatieronde', data: { rondeId: R } })
      .thenThrows('onbeantwoorde-inbreng', 'conflict');
    expect(error.reasons[0]).toContain('1 bijdrage');
  });

  it('sluit met een reden, en legt vast hoeveel onbeantwoord bleef', () => {
    spec.given([gepland, inbreng('i-1'), inbreng('i-2')]).when({ type: 'SluitParticipatieronde', data: { rondeId: R, reden: 'Inbreng gaat mee naar de volgende ronde' } })
      .thenMatches([{ type: 'ParticipatierondeGesloten', data: { onbeantwoord: 2, reden: 'Inbreng gaat mee naar de volgende ronde' } }]);
  });

  it('sluit zonder reden als alles beantwoord is; nogmaals sluiten verandert niets', () => {
    spec.given([gepland, inbreng('i-1'), beantwoord('i-1')]).when({ type: 'SluitParticipatieronde', data: { rondeId: R } })
      .then([{ type: 'ParticipatierondeGesloten', data: { rondeId: R, kaderId: K, onbeantwoord: 0, geslotenOp: '2025-03-10T09:00:00Z' } }]);
    spec.given([gepland, gesloten]).when({ type: 'SluitParticipatieronde', data: { rondeId: R } }).thenNothing();
  });
});
