import { createHash } from 'node:crypto';
import { CommandContext, handleCommand } from '../../application/src';
import { kaderCommandsFor, vergaderingDecider, vergaderingStream, VergaderingEvent } from '../../domain/src/besluitvorming';
import { kaderDecider, kaderStreamId } from '../../domain/src/kader';
import { opgaveDecider, opgaveStreamId } from '../../domain/src/opgaven';
import { participatieDecider, participatierondeStreamId } from '../../domain/src/participatie';
import { Decider, DomainCommand } from '../../domain/src/shared';
import { werkgroepDecider, werkgroepStreamId } from '../../domain/src/werkgroepen';
import { Actor, EventStore } from '../../event-store/src';
import { GEMEENTEN } from '../../reference-data/src';

/**
 * The 2025-2026 process of the beleidskader maatschappelijke zorg (seed 001), replayed with fictional
 * roles so a new user sees a living kader: decisions, participation, opgaven, and 9 of 13 local adoptions.
 * Recorded times are set to when a clerk would have recorded each step, so time travel shows the past.
 */
export const DEMO_KADER_ID = '2b7c0e8a-5f3d-4c1a-9e6b-20262032a001';

const id = (name: string) => {
  const h = createHash('sha256').update(`kaderflow-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const ACTOREN = {
  directeur: { id: 'demo-directeur-leidse-regio', role: 'directeur', organisation: 'directeurenoverleg', displayName: 'Directeur sociaal domein (demo)' },
  projectleider: { id: 'demo-projectleider', role: 'projectleider', displayName: 'Projectleider beleidskader (demo)' },
  programmateam: { id: 'demo-programmamanager', role: 'programmateam', organisation: 'pt-mz-hr', displayName: 'Programmamanager PT MZ HR (demo)' },
  secretarisDo: { id: 'demo-secretaris-do', role: 'secretaris', organisation: 'directeurenoverleg', displayName: 'Secretaris directeurenoverleg (demo)' },
  secretarisBc: { id: 'demo-secretaris-bc', role: 'secretaris', organisation: 'bestuurscommissie-maatschappij', displayName: 'Griffier bestuurscommissie (demo)' },
} satisfies Record<string, Actor>;

const secretarisVan = (gremium: string): Actor => ({ id: `demo-secretaris-${gremium}`, role: 'secretaris', organisation: gremium, displayName: `Secretaris ${gremium} (demo)` });

export interface DemoTarget {
  store: EventStore;
  /** Moves the store's clock: recordedAt of what follows. */
  setNow(iso: string): void;
}

export interface DemoResult {
  kaderId: string;
  events: number;
  alGeladen: boolean;
}

export async function loadDemo({ store, setNow }: DemoTarget, log: (line: string) => void = () => {}): Promise<DemoResult> {
  const kaderId = DEMO_KADER_ID;
  if ((await store.readStream(kaderStreamId(kaderId))).length) return { kaderId, events: 0, alGeladen: true };
  let written = 0;
  let actor: Actor = ACTOREN.directeur;
  let occurredAt = '';

  const at = (date: string, who: Actor, recordedDaysLater = 0) => {
    occurredAt = `${date}T10:00:00.000Z`;
    const recorded = new Date(occurredAt);
    recorded.setUTCDate(recorded.getUTCDate() + recordedDaysLater);
    setNow(recorded.toISOString());
    actor = who;
  };
  const run = async <S, C extends DomainCommand, E>(decider: Decider<S, C, E>, streamId: string, type: C['type'], data: C['data'], causationId?: string) => {
    const ctx: CommandContext = { actor, now: occurredAt, occurredAt, correlationId: id(`corr:${streamId}:${type}:${written}`), causationId, reason: (data as { reden?: string }).reden };
    const command = { type, data, metadata: { now: occurredAt, actor: { id: actor.id, role: actor.role, organisation: actor.organisation } } } as C;
    const result = await handleCommand(store, decider as never, streamId, command as never, ctx);
    written += result.events.length;
    return result;
  };
  const kader = <C extends DomainCommand>(type: string, data: Record<string, unknown>) => run(kaderDecider, kaderStreamId(kaderId), type as never, { kaderId, ...data } as never);

  /** Plans a meeting with one agendapunt and its besluit, then links it to the kader as the process manager would. */
  const vergadering = async (v: { naam: string; gremium: string; datum: string; titel: string; punt: string; onderwerp: string; uitkomst: string; tekst: string; stemming?: unknown; vastgesteldOp?: string }) => {
    const vergaderingId = id(`vergadering:${v.naam}`);
    const stream = vergaderingStream(vergaderingId);
    const agendapuntId = id(`agendapunt:${v.naam}`);
    const besluitId = id(`besluit:${v.naam}`);
    at(v.datum, secretarisVan(v.gremium), 0);
    setNow(`${v.datum}T08:00:00.000Z`);
    await run(vergaderingDecider, stream, 'PlanVergadering', { vergaderingId, gremium: v.gremium, datum: v.datum, titel: v.titel } as never);
    await run(vergaderingDecider, stream, 'VoegAgendapuntToe', {
      agendapuntId, volgnummer: 1, titel: v.punt, kaderId, onderwerp: v.onderwerp,
      voorstel: { titel: v.punt, samenvatting: `Voorstel: ${v.punt.toLowerCase()}.`, documenten: [{ titel: `${v.punt} (pdf)`, url: `https://example.org/demo/${besluitId}.pdf`, hash: `sha256:${createHash('sha256').update(v.punt).digest('hex')}` }] },
    } as never);
    at(v.datum, secretarisVan(v.gremium), 2);
    const besluit = await run(vergaderingDecider, stream, 'NeemBesluit', {
      besluitId, agendapuntId, uitkomst: v.uitkomst, besluittekst: v.tekst, datum: v.datum, ...(v.stemming ? { stemming: v.stemming } : {}),
    } as never);
    for (const event of besluit.events) {
      for (const opdracht of kaderCommandsFor({ type: event.type, data: event.data } as VergaderingEvent)) {
        await run(kaderDecider, kaderStreamId(opdracht.data.kaderId), opdracht.type as never, opdracht.data as never, event.eventId);
      }
    }
    if (v.vastgesteldOp) {
      at(v.vastgesteldOp, secretarisVan(v.gremium));
      await run(vergaderingDecider, stream, 'StelBesluitenlijstVast', { datum: v.vastgesteldOp } as never);
    }
    return { vergaderingId, besluitId };
  };
  const mijlpaal = async (naam: string, fase: string, deadline: string, eigenaar = 'projectleider') => {
    const mijlpaalId = id(`mijlpaal:${naam}`);
    await kader('PlanMijlpaal', { mijlpaalId, titel: naam, fase, deadline, eigenaar });
    return mijlpaalId;
  };

  log('Opdracht (januari 2025)');
  at('2025-01-07', ACTOREN.directeur);
  await kader('StartKader', { titel: 'Beleidskader maatschappelijke zorg Holland Rijnland 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' });
  const startPl = await mijlpaal('Projectleider gestart', 'opdracht', '2025-02-03', 'directeurenoverleg');
  at('2025-02-03', ACTOREN.directeur);
  await kader('WijsProjectleiderAan', { projectleiderId: ACTOREN.projectleider.id });
  at('2025-02-03', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: startPl, behaaldOp: '2025-02-03' });
  at('2025-02-04', ACTOREN.projectleider);
  await kader('BetreedFase', { fase: 'plan-van-aanpak', toelichting: 'Projectleider gestart; opdracht besproken met het directeurenoverleg.' });

  log('Plan van aanpak (februari-april 2025)');
  const pva = await mijlpaal('Plan van aanpak met participatieplan opgesteld', 'plan-van-aanpak', '2025-03-28');
  const pg = await mijlpaal('Projectgroep samengesteld', 'plan-van-aanpak', '2025-03-31');
  const projectgroepId = id('werkgroep:projectgroep');
  at('2025-03-10', ACTOREN.projectleider);
  await run(werkgroepDecider, werkgroepStreamId(projectgroepId), 'StelWerkgroepIn', {
    werkgroepId: projectgroepId, kaderId, soort: 'projectgroep', naam: 'Projectgroep beleidskader maatschappelijke zorg',
    opdracht: 'Schrijft de onderdelen van het nieuwe kader en bereidt de besluitvorming voor.', startdatum: '2025-03-10', einddatum: '2026-02-28',
    leden: [
      { lidId: id('lid:pg-leiden'), rol: 'beleidsadviseur', organisatie: 'GM0546' },
      { lidId: id('lid:pg-katwijk'), rol: 'beleidsadviseur', organisatie: 'GM0537' },
      { lidId: id('lid:pg-alphen'), rol: 'beleidsadviseur', organisatie: 'GM0484' },
      { lidId: id('lid:pg-ptmzhr'), rol: 'programmamanager', organisatie: 'pt-mz-hr' },
    ],
  } as never);
  at('2025-03-26', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: pva, behaaldOp: '2025-03-26' });
  at('2025-03-31', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: pg, behaaldOp: '2025-03-31' });
  await vergadering({
    naam: 'do-2025-04-10', gremium: 'directeurenoverleg', datum: '2025-04-10', titel: 'Directeurenoverleg maatschappelijke zorg',
    punt: 'Plan van aanpak nieuw beleidskader', onderwerp: 'plan-van-aanpak', uitkomst: 'vastgesteld', vastgesteldOp: '2025-04-17',
    tekst: 'Het directeurenoverleg stelt het plan van aanpak, inclusief participatieplan en samenstelling van de projectgroep, vast.',
  });
  at('2025-04-14', ACTOREN.projectleider);
  await kader('BetreedFase', { fase: 'inventarisatie', toelichting: 'Plan van aanpak vastgesteld op 10 april 2025.' });

  log('Inventarisatie (april-juni 2025)');
  const inv1 = await mijlpaal('Stand lokale toegang en bekostigingsmodel in beeld', 'inventarisatie', '2025-05-30');
  const inv2 = await mijlpaal('Op- en afbouwopgave 13 gemeenten geactualiseerd', 'inventarisatie', '2025-06-13', 'pt-mz-hr');
  const inv3 = await mijlpaal('Uitkomsten ETHOS-telling 2024 verwerkt', 'inventarisatie', '2025-06-20');
  at('2025-06-05', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: inv1, behaaldOp: '2025-06-05' });
  at('2025-06-10', ACTOREN.programmateam);
  await kader('BehaalMijlpaal', { mijlpaalId: inv2, behaaldOp: '2025-06-10' });
  at('2025-06-18', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: inv3, behaaldOp: '2025-06-18' });
  at('2025-06-23', ACTOREN.projectleider);
  await kader('BetreedFase', { fase: 'participatie-en-uitwerking' });

  log('Participatie en uitwerking (juni-november 2025)');
  const part = await mijlpaal('Participatieronde samenwerkingspartners gehouden', 'participatie-en-uitwerking', '2025-09-15');
  const visie = await mijlpaal('Visie, ambities en acties uitgewerkt', 'participatie-en-uitwerking', '2025-10-31');
  const wgId = id('werkgroep:preventie');
  await run(werkgroepDecider, werkgroepStreamId(wgId), 'StelWerkgroepIn', {
    werkgroepId: wgId, kaderId, soort: 'werkgroep', naam: 'Werkgroep preventie en dak- en thuisloosheid',
    opdracht: 'Werkt de regionale ambities uit voor preventie en de aanpak van dak- en thuisloosheid, met de ETHOS-uitkomsten.',
    startdatum: '2025-06-23', einddatum: '2025-11-30',
    leden: [{ lidId: id('lid:wg-noordwijk'), rol: 'beleidsadviseur', organisatie: 'GM0575' }, { lidId: id('lid:wg-leiden'), rol: 'beleidsadviseur', organisatie: 'GM0546' }],
  } as never);
  const ap1 = id('actiepunt:ethos');
  const ap2 = id('actiepunt:scheve-huisjes');
  await run(werkgroepDecider, werkgroepStreamId(wgId), 'MaakActiepuntAan', { werkgroepId: wgId, actiepuntId: ap1, omschrijving: 'ETHOS-uitkomsten vertalen naar regionale ambities', eigenaar: { lidId: id('lid:wg-leiden') }, deadline: '2025-08-29' } as never);
  await run(werkgroepDecider, werkgroepStreamId(wgId), 'MaakActiepuntAan', { werkgroepId: wgId, actiepuntId: ap2, omschrijving: 'Stand scheve huisjes en decentrale opvang Duin- en Bollenstreek ophalen', eigenaar: { lidId: id('lid:wg-noordwijk') }, deadline: '2025-09-12' } as never);
  at('2025-08-28', ACTOREN.projectleider);
  await run(werkgroepDecider, werkgroepStreamId(wgId), 'MeldActiepuntGereed', { werkgroepId: wgId, actiepuntId: ap1 } as never);
  await run(werkgroepDecider, werkgroepStreamId(wgId), 'VerschuifActiepunt', { werkgroepId: wgId, actiepuntId: ap2, deadline: '2025-10-03', reden: 'Cijfers Lisse en Noordwijk nog niet binnen' } as never);

  const rondeId = id('ronde:partners-2025');
  at('2025-08-15', ACTOREN.projectleider);
  await run(participatieDecider, participatierondeStreamId(rondeId), 'PlanParticipatieronde', {
    rondeId, kaderId, fase: 'participatie-en-uitwerking', doel: 'Ophalen wat partners en ervaringsdeskundigen van het nieuwe kader vragen', vorm: 'bijeenkomst', datum: '2025-09-09',
    genodigden: ['zorgaanbieder', 'woningcorporatie', 'ervaringsdeskundigen', 'clientenraad', 'wonen', 'werk-en-inkomen'],
  } as never);
  at('2025-09-09', ACTOREN.projectleider, 1);
  const inbreng = [
    { key: 'ib1', bron: { partijType: 'ervaringsdeskundigen' }, thema: 'dak-en-thuisloosheid', tekst: 'Zorg dat er altijd een plek is voordat een voorziening sluit.' },
    { key: 'ib2', bron: { partijType: 'woningcorporatie', organisatie: 'Woningcorporatie (demo)' }, thema: 'huisvesting-kwetsbare-doelgroepen', tekst: 'Maak afspraken over uitstroom per subregio, niet per gemeente.' },
    { key: 'ib3', bron: { partijType: 'zorgaanbieder', organisatie: 'Zorgaanbieder maatschappelijke opvang (demo)' }, thema: 'preventie', tekst: 'Investeer in vroegsignalering van huurachterstanden.' },
    { key: 'ib4', bron: { partijType: 'clientenraad', organisatie: 'Cliëntenraad (demo)' }, thema: 'beschermd-wonen', tekst: 'Betrek cliënten bij de evaluatie van het bekostigingsmodel.' },
  ];
  for (const i of inbreng) {
    await run(participatieDecider, participatierondeStreamId(rondeId), 'RegistreerInbreng', { rondeId, inbrengId: id(`inbreng:${i.key}`), bron: i.bron, thema: i.thema, tekst: i.tekst } as never);
  }

  log('Opgaven lokaal, subregionaal en regionaal');
  const opgave = (naam: string) => id(`opgave:${naam}`);
  at('2025-09-22', ACTOREN.projectleider);
  await run(opgaveDecider, opgaveStreamId(opgave('toegang')), 'LegOpgaveVast', {
    opgaveId: opgave('toegang'), kaderId, titel: 'Lokale toegang maatschappelijke zorg', omschrijving: 'Elke gemeente organiseert zelf de toegang tot opvang en beschermd wonen.',
    thema: 'toegang', beleidsdomeinen: ['maatschappelijke-zorg'], schaalniveau: 'lokaal', gemeenten: GEMEENTEN.map((g) => g.code),
  } as never);
  await run(opgaveDecider, opgaveStreamId(opgave('opvang-dbs')), 'LegOpgaveVast', {
    opgaveId: opgave('opvang-dbs'), kaderId, titel: 'Decentrale opvangplekken en scheve huisjes Duin- en Bollenstreek', omschrijving: 'Convenant: 5 scheve huisjes en decentrale opvang voor alleenstaanden en gezinnen.',
    thema: 'maatschappelijke-opvang', beleidsdomeinen: ['maatschappelijke-zorg', 'wonen'], schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek',
    motivering: { gronden: ['onbetaalbaar'], toelichting: 'Een eigen opvangvoorziening per gemeente is voor de kleinere gemeenten niet te betalen.' },
  } as never);
  await run(opgaveDecider, opgaveStreamId(opgave('opvang-dbs')), 'StelDoel', {
    opgaveId: opgave('opvang-dbs'), omschrijving: 'Decentrale opvangplekken', eenheden: [{ eenheid: 'plekken alleenstaanden', aantal: 12 }, { eenheid: 'plekken gezinnen', aantal: 2 }], streefdatum: '2026-12-31',
  } as never);
  for (const [gemeente, alleen, gezin, datum] of [['GM0537', 4, 1, '2025-05-01'], ['GM1525', 3, 2, '2025-07-01'], ['GM0534', 1, 0, '2025-09-01']] as const) {
    await run(opgaveDecider, opgaveStreamId(opgave('opvang-dbs')), 'MeldRealisatie', {
      opgaveId: opgave('opvang-dbs'), realisatieId: id(`realisatie:${gemeente}`), gemeente, datum,
      eenheden: [{ eenheid: 'plekken alleenstaanden', aantal: alleen }, ...(gezin ? [{ eenheid: 'plekken gezinnen', aantal: gezin }] : [])],
    } as never);
  }
  await run(opgaveDecider, opgaveStreamId(opgave('24-7')), 'LegOpgaveVast', {
    opgaveId: opgave('24-7'), kaderId, titel: 'Specialistische zorg met 24/7 toezicht en begeleiding', omschrijving: 'De gemeenten blijven hier samen verantwoordelijk voor.',
    thema: 'beschermd-wonen', beleidsdomeinen: ['maatschappelijke-zorg', 'veiligheid'], schaalniveau: 'regionaal',
    motivering: { gronden: ['schadelijk-voor-clienten', 'onbetaalbaar'], toelichting: 'Kleine aantallen cliënten met een zware zorgvraag; versnipperen schaadt de continuïteit van zorg.' },
  } as never);
  await run(opgaveDecider, opgaveStreamId(opgave('bemoeizorg')), 'LegOpgaveVast', {
    opgaveId: opgave('bemoeizorg'), kaderId, titel: 'Bemoeizorg (OGGz)', omschrijving: 'Outreachende zorg voor wie zelf geen hulp vraagt.', thema: 'oggz', schaalniveau: 'lokaal', gemeenten: ['GM0546', 'GM0547', 'GM0579', 'GM0626', 'GM0638'],
  } as never);
  at('2025-10-20', ACTOREN.projectleider);
  await run(opgaveDecider, opgaveStreamId(opgave('bemoeizorg')), 'VerplaatsOpgave', {
    opgaveId: opgave('bemoeizorg'), schaalniveau: 'subregionaal', subregio: 'leidse-regio', reden: 'Uitkomst werkgroep en participatieronde',
    motivering: { gronden: ['onmogelijk'], toelichting: 'Eén team per subregio; per gemeente zijn er te weinig casussen om het team te laten bestaan.' },
  } as never);

  at('2025-09-30', ACTOREN.projectleider);
  const antwoorden = [
    ['ib1', 'overgenomen', 'Opgenomen als uitgangspunt continuïteit: geen voorziening dicht zonder alternatief.', { kaderdeel: 'Hoofdstuk 1 Uitgangspunten' }],
    ['ib2', 'deels-overgenomen', 'Uitstroomafspraken subregionaal; de woonzorgvisies blijven lokaal.', { opgaveId: opgave('opvang-dbs') }],
    ['ib3', 'overgenomen', 'Vroegsignalering is een lokale opgave in elke gemeente.', { opgaveId: opgave('toegang') }],
    ['ib4', 'niet-overgenomen', 'De evaluatie van het bekostigingsmodel valt buiten dit kader; doorgezet naar het programmateam.', undefined],
  ] as const;
  for (const [key, uitkomst, reden, verwerking] of antwoorden) {
    await run(participatieDecider, participatierondeStreamId(rondeId), 'BeantwoordInbreng', { rondeId, inbrengId: id(`inbreng:${key}`), uitkomst, reden, ...(verwerking ? { verwerking } : {}) } as never);
  }
  await run(participatieDecider, participatierondeStreamId(rondeId), 'SluitParticipatieronde', { rondeId } as never);
  await kader('BehaalMijlpaal', { mijlpaalId: part, behaaldOp: '2025-09-09' });
  at('2025-10-27', ACTOREN.projectleider);
  await kader('VerschuifMijlpaal', { mijlpaalId: visie, nieuweDeadline: '2025-11-21', reden: 'Extra sessie met ervaringsdeskundigen ingepland' });
  at('2025-11-20', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: visie, behaaldOp: '2025-11-20' });
  at('2025-11-24', ACTOREN.projectleider);
  await kader('BetreedFase', { fase: 'concept-kader' });

  log('Concept-kader en bestuurlijk overleg (december 2025 - januari 2026)');
  const ck1 = await mijlpaal('Concept-kader besproken in PT MZ HR en directeurenoverleg', 'concept-kader', '2025-12-11');
  const ck2 = await mijlpaal('Bestuurlijk overleg in de bestuurscommissie', 'concept-kader', '2026-01-22', 'bestuurscommissie-maatschappij');
  at('2025-12-11', ACTOREN.projectleider);
  await kader('BehaalMijlpaal', { mijlpaalId: ck1, behaaldOp: '2025-12-11' });
  await vergadering({
    naam: 'bc-2026-01-22', gremium: 'bestuurscommissie-maatschappij', datum: '2026-01-22', titel: 'Bestuurscommissie Maatschappij',
    punt: 'Concept beleidskader maatschappelijke zorg 2026-2032', onderwerp: 'concept-kader', uitkomst: 'voorgenomen-besluit', vastgesteldOp: '2026-02-05',
    tekst: 'De bestuurscommissie neemt het voorgenomen besluit het concept-kader ter vaststelling voor te leggen en vraagt de colleges om zienswijzen.',
  });
  at('2026-01-22', ACTOREN.projectleider, 1);
  await kader('BehaalMijlpaal', { mijlpaalId: ck2, behaaldOp: '2026-01-22' });
  at('2026-01-26', ACTOREN.projectleider);
  await kader('BetreedFase', { fase: 'besluitvorming' });

  log('Besluitvorming (maart-juni 2026)');
  const lokaal = await mijlpaal('Lokale vaststelling door alle 13 gemeenten', 'besluitvorming', '2026-12-31', 'pt-mz-hr');
  void lokaal;
  await vergadering({
    naam: 'bc-2026-03-12', gremium: 'bestuurscommissie-maatschappij', datum: '2026-03-12', titel: 'Bestuurscommissie Maatschappij',
    punt: 'Vaststelling beleidskader maatschappelijke zorg 2026-2032', onderwerp: 'kader', uitkomst: 'vastgesteld', vastgesteldOp: '2026-03-26',
    tekst: 'De bestuurscommissie stelt het beleidskader maatschappelijke zorg 2026-2032 vast en legt het voor aan de colleges en raden.',
    stemming: { stemmen: GEMEENTEN.map((g) => ({ stemgerechtigde: g.code, keuze: g.code === 'GM0569' ? 'afwezig' : 'voor' })) },
  });
  const lokaalVastgesteld = ['GM0546', 'GM0547', 'GM0579', 'GM0626', 'GM0537', 'GM0534', 'GM1525', 'GM0484', 'GM1884'];
  let dag = 2;
  for (const gemeente of lokaalVastgesteld) {
    const datum = `2026-0${4 + (dag % 3)}-${String(dag + 5).padStart(2, '0')}`;
    await vergadering({
      naam: `college-${gemeente}`, gremium: `college-${gemeente}`, datum, titel: `Collegevergadering ${GEMEENTEN.find((g) => g.code === gemeente)!.naam}`,
      punt: 'Regionaal beleidskader maatschappelijke zorg 2026-2032', onderwerp: 'kader', uitkomst: 'vastgesteld',
      tekst: 'Het college stelt het regionale beleidskader maatschappelijke zorg 2026-2032 vast.',
    });
    dag += 2;
  }
  log(`Klaar: ${written} gebeurtenissen`);
  return { kaderId, events: written, alGeladen: false };
}
