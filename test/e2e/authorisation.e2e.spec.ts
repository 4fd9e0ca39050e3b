import { authorise, AuthorisationTarget, CommandType, PERMISSIONS, Rol, ROLLEN } from '../../libs/auth/src';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Every POST/PUT in the served OpenAPI document, with the command it issues and a minimal valid
 * body. A new endpoint that is missing here fails the first test: add it, so its authorisation is checked.
 */
interface Mapped {
  command: CommandType;
  body: object;
  /** The gremium or gemeente the body names, for bound rows. */
  target?: AuthorisationTarget;
}
const BC = 'bestuurscommissie-maatschappij';
const ENDPOINTS: Record<string, Mapped> = {
  'POST /kaders': { command: 'StartKader', body: { titel: 'Beleidskader matrix', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' } },
  'PUT /kaders/{kaderId}/projectleider': { command: 'WijsProjectleiderAan', body: { projectleiderId: 'user-pl-1' } },
  'POST /kaders/{kaderId}/fase-overgangen': { command: 'BetreedFase', body: { naarFase: 'plan-van-aanpak' } },
  'POST /kaders/{kaderId}/mijlpalen': { command: 'PlanMijlpaal', body: { titel: 'Startnotitie', fase: 'opdracht', deadline: '2025-04-01', eigenaar: 'projectleider' } },
  'POST /kaders/{kaderId}/mijlpalen/{mijlpaalId}/verschuivingen': { command: 'VerschuifMijlpaal', body: { nieuweDeadline: '2025-05-01', reden: 'Uitloop' } },
  'POST /kaders/{kaderId}/mijlpalen/{mijlpaalId}/_behalen': { command: 'BehaalMijlpaal', body: { behaaldOp: '2025-03-02' } },
  'POST /kaders/{kaderId}/mijlpalen/{mijlpaalId}/_annuleren': { command: 'AnnuleerMijlpaal', body: { reden: 'Niet meer nodig' } },
  'POST /personen/{personId}/_vergeten': { command: 'VergeetPersoon', body: {} },
  'POST /kaders/{kaderId}/lokale-vaststellingen': { command: 'RegistreerLokaleVaststelling', body: { gemeente: 'GM0546', gremium: 'college-GM0546', datum: '2025-03-01', uitkomst: 'vastgesteld' }, target: { gemeente: 'GM0546' } },
  'POST /vergaderingen': { command: 'PlanVergadering', body: { gremium: BC, datum: '2025-03-10', titel: 'Bestuurscommissie' }, target: { gremium: BC } },
  'POST /vergaderingen/{vergaderingId}/agendapunten': { command: 'VoegAgendapuntToe', body: { volgnummer: 2, titel: 'Rondvraag', onderwerp: 'overig' }, target: { gremium: BC } },
  'POST /vergaderingen/{vergaderingId}/agendapunten/{agendapuntId}/besluiten': { command: 'NeemBesluit', body: { uitkomst: 'ter-kennisname', besluittekst: 'Kennis genomen.', datum: '2025-03-01' }, target: { gremium: BC } },
  'POST /vergaderingen/{vergaderingId}/besluitenlijst/_vaststellen': { command: 'StelBesluitenlijstVast', body: { datum: '2025-03-02' }, target: { gremium: BC } },
  'POST /vergaderingen/{vergaderingId}/besluitenlijst/_publiceren': { command: 'PubliceerBesluitenlijst', body: { datum: '2025-03-03' }, target: { gremium: BC } },
  'POST /besluiten/{besluitId}/rectificaties': { command: 'RectificeerBesluit', body: { besluittekst: 'Kennis genomen van de stand.', reden: 'Tekst verduidelijkt' }, target: { gremium: BC } },
  'POST /besluiten/{besluitId}/_intrekken': { command: 'TrekBesluitIn', body: { reden: 'Ten onrechte vastgelegd' }, target: { gremium: BC } },
  'POST /abonnementen': { command: 'BeheerAbonnementen', body: { callbackUrl: 'https://example.org/kaderflow', kanalen: [{ naam: 'kaders' }] } },
  'POST /kaders/{kaderId}/agendasleutels': { command: 'GeefAgendasleutel', body: {} },
  'POST /kaders/{kaderId}/werkgroepen': { command: 'StelWerkgroepIn', body: { naam: 'Werkgroep matrix', opdracht: 'Matrix', startdatum: '2025-04-01' } },
  'POST /werkgroepen/{werkgroepId}/leden': { command: 'VoegLidToe', body: { rol: 'beleidsadviseur', organisatie: 'GM0546' } },
  'POST /werkgroepen/{werkgroepId}/leden/{lidId}/_verwijderen': { command: 'VerwijderLid', body: { reden: 'Vertrokken' } },
  'POST /werkgroepen/{werkgroepId}/_opheffen': { command: 'HefWerkgroepOp', body: { datum: '2025-12-31', reden: 'Klaar' } },
  'POST /werkgroepen/{werkgroepId}/actiepunten': { command: 'MaakActiepuntAan', body: { omschrijving: 'Actie', deadline: '2025-05-01', eigenaar: { rol: 'adviseur', organisatie: 'GM0546' } } },
  'POST /werkgroepen/{werkgroepId}/actiepunten/{actiepuntId}/toewijzingen': { command: 'WijsActiepuntToe', body: { eigenaar: { rol: 'adviseur', organisatie: 'GM0547' }, reden: 'Verlof' } },
  'POST /werkgroepen/{werkgroepId}/actiepunten/{actiepuntId}/verschuivingen': { command: 'VerschuifActiepunt', body: { deadline: '2025-06-01', reden: 'Uitloop' } },
  'POST /werkgroepen/{werkgroepId}/actiepunten/{actiepuntId}/_gereedmelden': { command: 'MeldActiepuntGereed', body: {} },
  'POST /werkgroepen/{werkgroepId}/actiepunten/{actiepuntId}/_vervallen': { command: 'LaatActiepuntVervallen', body: { reden: 'Niet nodig' } },
  'POST /kaders/{kaderId}/participatierondes': { command: 'PlanParticipatieronde', body: { fase: 'inventarisatie', doel: 'Ophalen', vorm: 'werksessie', datum: '2025-06-12', genodigden: ['inwoners'] } },
  'POST /participatierondes/{rondeId}/inbreng': { command: 'RegistreerInbreng', body: { bron: { partijType: 'inwoners' }, thema: 'toegang', tekst: 'Inbreng' } },
  'PUT /participatierondes/{rondeId}/inbreng/{inbrengId}/terugkoppeling': { command: 'BeantwoordInbreng', body: { uitkomst: 'niet-overgenomen', reden: 'Past niet' } },
  'POST /participatierondes/{rondeId}/_sluiten': { command: 'SluitParticipatieronde', body: {} },
  'POST /kaders/{kaderId}/opgaven': { command: 'LegOpgaveVast', body: { titel: 'Opgave', thema: 'toegang', gemeenten: ['GM0546'] } },
  'POST /opgaven/{opgaveId}/verplaatsingen': { command: 'VerplaatsOpgave', body: { schaalniveau: 'lokaal', gemeenten: ['GM0547'], reden: 'Andere houder' } },
  'PUT /opgaven/{opgaveId}/doel': { command: 'StelDoel', body: { omschrijving: 'Doel', eenheden: [{ eenheid: 'plekken', aantal: 2 }] } },
  'POST /opgaven/{opgaveId}/realisaties': { command: 'MeldRealisatie', body: { gemeente: 'GM0546', datum: '2025-05-01', eenheden: [{ eenheid: 'plekken', aantal: 1 }] }, target: { gemeente: 'GM0546' } },
  'POST /opgaven/{opgaveId}/realisaties/{realisatieId}/_intrekken': { command: 'TrekRealisatieIn', body: { reden: 'Dubbel' } },
};

const PATH_VALUE = '7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b';
/** Real ids where the endpoint reads its target (the gremium) from the record itself. */
const fixtures: Record<string, string> = {};

const ownOrganisation = (rol: Rol, target: AuthorisationTarget = {}): string | undefined => {
  if (rol === 'secretaris') return target.gremium ?? (target.gemeente ? `college-${target.gemeente}` : 'bestuurscommissie-maatschappij');
  if (rol === 'gemeente') return target.gemeente ?? 'GM0546';
  return 'holland-rijnland';
};
/** Actors of a bound row acting for someone else: a secretaris of another gremium, another gemeente. */
const otherOrganisation = (rol: Rol): string | undefined => (rol === 'secretaris' ? 'raad-GM0001' : rol === 'gemeente' ? 'GM0001' : undefined);

describe('authorisation over HTTP: every command endpoint with every role', () => {
  let t: TestApp;
  let operations: string[];

  beforeAll(async () => {
    process.env.RATE_LIMIT_MAX = '100000';
    t = await createTestApp();
    const clerk = `Bearer ${await t.token('secretaris', BC)}`;
    fixtures.vergaderingId = (await t.http.post('/api/v1/vergaderingen').set('Authorization', clerk).send({ gremium: BC, datum: '2025-03-01', titel: 'Bestuurscommissie' }).expect(201)).body.vergaderingId;
    fixtures.agendapuntId = (await t.http.post(`/api/v1/vergaderingen/${fixtures.vergaderingId}/agendapunten`).set('Authorization', clerk)
      .send({ volgnummer: 1, titel: 'Stand van zaken', onderwerp: 'overig' }).expect(201)).body.agendapuntId;
    fixtures.besluitId = (await t.http.post(`/api/v1/vergaderingen/${fixtures.vergaderingId}/agendapunten/${fixtures.agendapuntId}/besluiten`).set('Authorization', clerk)
      .send({ uitkomst: 'ter-kennisname', besluittekst: 'Kennis genomen.', datum: '2025-03-01' }).expect(201)).body.besluitId;
    const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).filter((m) => m === 'post' || m === 'put').map((m) => `${m.toUpperCase()} ${path}`));
  });
  afterAll(() => t.close());

  it('knows every POST and PUT endpoint the API serves, and only commands the table has', () => {
    const unmapped = operations.filter((op) => !(op in ENDPOINTS));
    expect(unmapped).toEqual([]);
    expect(Object.keys(ENDPOINTS).filter((op) => !operations.includes(op))).toEqual([]);
    for (const { command } of Object.values(ENDPOINTS)) expect(PERMISSIONS).toHaveProperty(command);
  });

  it('answers 403 exactly when the table denies, and lets every allowed role past authorisation', async () => {
    const mismatches: string[] = [];
    for (const [operation, { command, body, target }] of Object.entries(ENDPOINTS)) {
      const [method, path] = operation.split(' ');
      const url = `/api/v1${path.replace(/\{([^}]+)\}/g, (_m, name: string) => fixtures[name] ?? PATH_VALUE)}`;
      for (const rol of ROLLEN) {
        for (const organisatie of [ownOrganisation(rol, target), otherOrganisation(rol)]) {
          if (organisatie === undefined) continue;
          const sub = `matrix-${rol}-${organisatie}`;
          const token = await t.token(rol, organisatie, sub);
          const expectDenied = !authorise({ id: sub, role: rol, organisation: organisatie }, command, target).allowed;
          const req = method === 'PUT' ? t.http.put(url) : t.http.post(url);
          const res = await req.set('Authorization', `Bearer ${token}`).send(body);
          if (res.status >= 500) mismatches.push(`${operation} as ${rol}/${organisatie}: ${res.status}`);
          else if ((res.status === 403) !== expectDenied) {
            mismatches.push(`${operation} (${command}) as ${rol}/${organisatie}: got ${res.status}, table says ${expectDenied ? 'denied' : 'allowed'} ${JSON.stringify(res.body.detail ?? '')}`);
          }
          if (res.status === 403) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets only beheerder and directeur verify the chain', async () => {
    for (const rol of ROLLEN) {
      const res = await t.http.get('/api/v1/audit/verificatie').set('Authorization', `Bearer ${await t.token(rol, ownOrganisation(rol))}`);
      expect([rol, res.status]).toEqual([rol, PERMISSIONS.VerifieerKeten.rollen.includes(rol as never) ? 200 : 403]);
    }
  });
});
