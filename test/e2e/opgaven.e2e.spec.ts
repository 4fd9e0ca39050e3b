import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
const OPVANG_MOTIVERING = { gronden: ['onbetaalbaar'], toelichting: '24-uursopvang voor een kleine doelgroep is per gemeente niet te bekostigen.' };

type Eenheid = { eenheid: string; gerealiseerd: number; doel?: number; resterend?: number };

describe('opgaven over HTTP: subsidiarity, moves and progress per gemeente', () => {
  let t: TestApp;
  let projectleider: string;
  let lezer: string;
  let katwijk: string;
  let teylingen: string;
  let leiden: string;
  let kaderId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2025-06-01T09:00:00.000Z' });
    projectleider = `Bearer ${await t.token('projectleider')}`;
    lezer = `Bearer ${await t.token('lezer')}`;
    katwijk = `Bearer ${await t.token('gemeente', 'GM0537')}`;
    teylingen = `Bearer ${await t.token('gemeente', 'GM1525')}`;
    leiden = `Bearer ${await t.token('gemeente', 'GM0546')}`;
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    kaderId = (await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201)).body.kaderId;
  });
  afterAll(() => t.close());

  const legVast = (body: object) => t.http.post(`/api/v1/kaders/${kaderId}/opgaven`).set('Authorization', projectleider).send(body);

  it('refuses a regional opgave without motivering with 409 naming the subsidiarity rule, and accepts it with one', async () => {
    const zonder = await legVast({ titel: '24-uursopvang', thema: 'maatschappelijke-opvang', schaalniveau: 'regionaal' }).expect(409);
    expect(zonder.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zonder.body.type).toMatch(/subsidiariteit$/);
    expect(zonder.body.detail).toContain('lokaal wat kan, (sub)regionaal wat moet');
    expect(zonder.body.redenen.join(' ')).toMatch(/schadelijk voor cliënten, onmogelijk of onbetaalbaar/);
    await legVast({ titel: '24-uursopvang', thema: 'maatschappelijke-opvang', schaalniveau: 'regionaal', motivering: { gronden: ['te-duur'], toelichting: 'x' } }).expect(400);
    await legVast({ titel: '24-uursopvang', thema: 'maatschappelijke-opvang', schaalniveau: 'regionaal', gemeenten: ['GM0546'], motivering: OPVANG_MOTIVERING }).expect(400);

    const met = await legVast({ titel: '24-uursopvang', thema: 'maatschappelijke-opvang', schaalniveau: 'regionaal', motivering: OPVANG_MOTIVERING }).expect(201);
    const opgave = await t.http.get(`/api/v1/opgaven/${met.body.opgaveId}?naPositie=${met.body.positie}`).set('Authorization', lezer).expect(200);
    expect(opgave.body).toMatchObject({ plaatsing: { schaalniveau: 'regionaal', gemeenten: [] }, motivering: OPVANG_MOTIVERING, beleidsdomeinen: ['maatschappelijke-zorg'] });
  });

  it('places an opgave lokaal by default, moves it up with motivering and reason, and keeps the history', async () => {
    const { opgaveId } = (await legVast({ titel: 'Bemoeizorg', thema: 'oggz', gemeenten: ['GM0484'] }).expect(201)).body;
    const zonder = await t.http.post(`/api/v1/opgaven/${opgaveId}/verplaatsingen`).set('Authorization', projectleider)
      .send({ schaalniveau: 'subregionaal', subregio: 'rijnstreek', reden: 'Samen oppakken' }).expect(409);
    expect(zonder.body.type).toMatch(/subsidiariteit$/);
    const verplaatst = await t.http.post(`/api/v1/opgaven/${opgaveId}/verplaatsingen`).set('Authorization', projectleider)
      .send({ schaalniveau: 'subregionaal', subregio: 'rijnstreek', reden: 'Afspraak in het directeurenoverleg.', motivering: { gronden: ['onmogelijk'], toelichting: 'Te weinig cliënten per gemeente.' } }).expect(201);
    await t.http.post(`/api/v1/opgaven/${opgaveId}/verplaatsingen`).set('Authorization', lezer).send({ schaalniveau: 'lokaal', gemeenten: ['GM0484'], reden: 'Terug' }).expect(403);

    const historie = await t.http.get(`/api/v1/opgaven/${opgaveId}/verplaatsingen?naPositie=${verplaatst.body.positie}`).set('Authorization', lezer).expect(200);
    expect(historie.body.plaatsingen.map((p: { soort: string; plaatsing: { schaalniveau: string } }) => `${p.soort}:${p.plaatsing.schaalniveau}`))
      .toEqual(['vastgelegd:lokaal', 'verplaatst:subregionaal']);
    expect(historie.body.plaatsingen[1]).toMatchObject({ reden: 'Afspraak in het directeurenoverleg.', motivering: { gronden: ['onmogelijk'] }, plaatsing: { subregio: 'rijnstreek' } });

    const gemeente = await t.http.get(`/api/v1/kaders/${kaderId}/gemeenten/GM0569/opgaven`).set('Authorization', lezer).expect(200);
    expect(gemeente.body.subregionaal.map((o: { opgaveId: string }) => o.opgaveId)).toEqual([opgaveId]);
    expect(gemeente.body.subregionaal[0].samenMet.sort()).toEqual(['GM0484', 'GM1884']);
    await t.http.get(`/api/v1/kaders/${kaderId}/gemeenten/GM9999/opgaven`).set('Authorization', lezer).expect(404);
  });

  it('derives progress per gemeente, subregio and region from realisations; a gemeente reports only for itself', async () => {
    const { opgaveId } = (await legVast({
      titel: 'Decentrale opvang Duin- en Bollenstreek', thema: 'maatschappelijke-opvang', schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek',
      motivering: { gronden: ['onbetaalbaar'], toelichting: 'Convenant van de vijf gemeenten.' },
    }).expect(201)).body;
    const melden = (token: string, gemeente: string, eenheden: object[]) =>
      t.http.post(`/api/v1/opgaven/${opgaveId}/realisaties`).set('Authorization', token).send({ gemeente, datum: '2025-05-15', eenheden });

    const geenDoel = await melden(katwijk, 'GM0537', [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }]).expect(409);
    expect(geenDoel.body.type).toMatch(/geen-doel$/);
    await t.http.put(`/api/v1/opgaven/${opgaveId}/doel`).set('Authorization', projectleider)
      .send({ omschrijving: 'Opvang voor 12 alleenstaanden en 2 gezinnen', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }], streefdatum: '2026-12-31' }).expect(200);

    await melden(katwijk, 'GM0537', [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }, { eenheid: 'plekken-gezinnen', aantal: 1 }]).expect(201);
    const tweede = await melden(teylingen, 'GM1525', [{ eenheid: 'plekken-alleenstaanden', aantal: 3 }]).expect(201);
    const vreemd = await melden(leiden, 'GM0537', [{ eenheid: 'plekken-alleenstaanden', aantal: 9 }]).expect(403);
    expect(vreemd.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(vreemd.body.detail).toMatch(/GM0537/);
    const nietBetrokken = await melden(leiden, 'GM0546', [{ eenheid: 'plekken-alleenstaanden', aantal: 1 }]).expect(409);
    expect(nietBetrokken.body.type).toMatch(/gemeente-niet-betrokken$/);

    const res = await t.http.get(`/api/v1/opgaven/${opgaveId}/voortgang?naPositie=${tweede.body.positie}`).set('Authorization', lezer).expect(200);
    const alleen = (eenheden: Eenheid[]) => eenheden.find((e) => e.eenheid === 'plekken-alleenstaanden');
    expect(res.body.perGemeente.map((g: { gemeente: string }) => g.gemeente).sort()).toEqual(['GM0534', 'GM0537', 'GM0553', 'GM0575', 'GM1525']);
    const perGemeente = Object.fromEntries(res.body.perGemeente.map((g: { gemeente: string; eenheden: Eenheid[] }) => [g.gemeente, alleen(g.eenheden)?.gerealiseerd]));
    expect(perGemeente).toMatchObject({ GM0537: 4, GM1525: 3, GM0553: 0 });
    expect(alleen(res.body.perSubregio[0].eenheden)).toEqual({ eenheid: 'plekken-alleenstaanden', gerealiseerd: 7, doel: 12, resterend: 5 });
    expect(res.body.regio.find((e: Eenheid) => e.eenheid === 'plekken-gezinnen')).toEqual({ eenheid: 'plekken-gezinnen', gerealiseerd: 1, doel: 2, resterend: 1 });

    const realisatieId = tweede.body.realisatieId as string;
    await t.http.post(`/api/v1/opgaven/${opgaveId}/realisaties/${realisatieId}/_intrekken`).set('Authorization', katwijk).send({ reden: 'Dubbel' }).expect(403);
    const ingetrokken = await t.http.post(`/api/v1/opgaven/${opgaveId}/realisaties/${realisatieId}/_intrekken`).set('Authorization', teylingen).send({ reden: 'Plekken gaan pas in 2026 open.' }).expect(200);
    const daarna = await t.http.get(`/api/v1/opgaven/${opgaveId}/voortgang?naPositie=${ingetrokken.body.positie}`).set('Authorization', lezer).expect(200);
    expect(alleen(daarna.body.regio)).toMatchObject({ gerealiseerd: 4, resterend: 8 });
    const vroeger = await t.http.get(`/api/v1/opgaven/${opgaveId}/voortgang?peildatum=2025-05-01`).set('Authorization', lezer).expect(200);
    expect(alleen(vroeger.body.regio)).toMatchObject({ gerealiseerd: 0 });
  });

  it('shows the matrix of all 13 gemeenten, 3 subregio\'s and the region, one gemeente\'s view and counts per level and theme', async () => {
    const gedeeld = await legVast({ titel: 'Lokale toegang Leiden en Leiderdorp', thema: 'toegang', gemeenten: ['GM0547', 'GM0546'] }).expect(201);
    const matrix = await t.http.get(`/api/v1/kaders/${kaderId}/opgaven-matrix?naPositie=${gedeeld.body.positie}`).set('Authorization', lezer).expect(200);
    expect(matrix.body.lokaal).toHaveLength(13);
    expect(matrix.body.subregionaal.map((s: { subregio: string }) => s.subregio)).toEqual(['leidse-regio', 'duin-en-bollenstreek', 'rijnstreek']);
    expect(matrix.body.regionaal.map((o: { titel: string }) => o.titel)).toEqual(['24-uursopvang']);
    const bij = (code: string) => matrix.body.lokaal.find((g: { gemeente: string }) => g.gemeente === code).opgaven.map((o: { opgaveId: string }) => o.opgaveId);
    expect(bij('GM0546')).toEqual([gedeeld.body.opgaveId]);
    expect(bij('GM0547')).toEqual([gedeeld.body.opgaveId]);
    expect(bij('GM0626')).toEqual([]);

    const leidenView = await t.http.get(`/api/v1/kaders/${kaderId}/gemeenten/GM0546/opgaven`).set('Authorization', leiden).expect(200);
    expect(leidenView.body).toMatchObject({ naam: 'Leiden', subregio: 'leidse-regio', eigen: [] });
    expect(leidenView.body.gedeeldLokaal[0].samenMet).toEqual(['GM0547']);
    expect(leidenView.body.regionaal).toHaveLength(1);

    const telling = await t.http.get(`/api/v1/kaders/${kaderId}/opgaven-telling`).set('Authorization', lezer).expect(200);
    expect(telling.body).toMatchObject({ totaal: 4, perSchaalniveau: { lokaal: 1, subregionaal: 2, regionaal: 1 } });
    expect(telling.body.perThema.find((r: { thema: string }) => r.thema === 'maatschappelijke-opvang')).toMatchObject({ totaal: 2, regionaal: 1, subregionaal: 1 });

    const lijst = await t.http.get(`/api/v1/kaders/${kaderId}/opgaven?schaalniveau=lokaal&gemeente=GM0547`).set('Authorization', lezer).expect(200);
    expect(lijst.body.opgaven.map((o: { opgaveId: string }) => o.opgaveId)).toEqual([gedeeld.body.opgaveId]);
    await t.http.get(`/api/v1/kaders/${kaderId}/opgaven?schaalniveau=wijk`).set('Authorization', lezer).expect(400);
  });

  it('lists the reported realisaties of an opgave, the withdrawn one marked with its reason, so a melding can be found again', async () => {
    const { opgaveId } = (await legVast({ titel: 'Inloopvoorziening Katwijk', thema: 'maatschappelijke-opvang', schaalniveau: 'lokaal', gemeenten: ['GM0537'] }).expect(201)).body;
    await t.http.put(`/api/v1/opgaven/${opgaveId}/doel`).set('Authorization', projectleider)
      .send({ omschrijving: 'Tien plekken', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 10 }] }).expect(200);
    const melden = (datum: string, aantal: number, toelichting?: string) => t.http.post(`/api/v1/opgaven/${opgaveId}/realisaties`).set('Authorization', katwijk)
      .send({ gemeente: 'GM0537', datum, eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal }], ...(toelichting ? { toelichting } : {}) }).expect(201);
    const later = (await melden('2026-02-01', 2)).body;
    const eerder = (await melden('2025-11-15', 3, 'Eerste groep')).body;
    const ingetrokken = (await t.http.post(`/api/v1/opgaven/${opgaveId}/realisaties/${later.realisatieId}/_intrekken`).set('Authorization', katwijk)
      .send({ reden: 'Verkeerde datum.' }).expect(200)).body;

    const lijst = await t.http.get(`/api/v1/opgaven/${opgaveId}/realisaties?naPositie=${ingetrokken.positie}`).set('Authorization', lezer).expect(200);
    expect(lijst.body.realisaties).toEqual([
      { realisatieId: eerder.realisatieId, gemeente: 'GM0537', subregio: 'duin-en-bollenstreek', datum: '2025-11-15', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 3 }], toelichting: 'Eerste groep', ingetrokken: false },
      { realisatieId: later.realisatieId, gemeente: 'GM0537', subregio: 'duin-en-bollenstreek', datum: '2026-02-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 2 }], ingetrokken: true, redenIntrekking: 'Verkeerde datum.' },
    ]);
    const onbekend = await t.http.get('/api/v1/opgaven/7d1f6a52-3b0c-4f8e-9a1d-5e2c4b6a8f90/realisaties').set('Authorization', lezer).expect(404);
    expect(onbekend.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http.get(`/api/v1/opgaven/${opgaveId}/realisaties`).expect(401);
  });
});
