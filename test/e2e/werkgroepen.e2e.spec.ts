import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

describe('werkgroepen and actiepunten over HTTP', () => {
  let t: TestApp;
  let projectleider: string;
  let werkgroeplid: string;
  let participant: string;
  let kaderId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2025-04-01T09:00:00.000Z' });
    projectleider = `Bearer ${await t.token('projectleider')}`;
    werkgroeplid = `Bearer ${await t.token('werkgroeplid', 'GM0546')}`;
    participant = `Bearer ${await t.token('participant', 'zorgaanbieder')}`;
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    kaderId = (await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201)).body.kaderId;
  });
  afterAll(() => t.close());

  const stelIn = (body: object) => t.http.post(`/api/v1/kaders/${kaderId}/werkgroepen`).set('Authorization', projectleider).send(body);

  it('sets up the projectgroep and a werkgroep with members by role and organisation, and lists the projectgroep first', async () => {
    const werkgroep = await stelIn({
      naam: 'Werkgroep dak- en thuisloosheid', opdracht: 'Werkt de aanpak dak- en thuisloosheid uit.', startdatum: '2025-04-01', einddatum: '2025-12-31',
      leden: [{ rol: 'beleidsadviseur', organisatie: 'GM0546' }, { rol: 'ervaringsdeskundige', organisatie: 'clientenraad' }],
    }).expect(201);
    expect(werkgroep.headers.location).toBe(`/api/v1/werkgroepen/${werkgroep.body.werkgroepId}`);
    expect(werkgroep.body.leden).toHaveLength(2);
    const projectgroep = await stelIn({ soort: 'projectgroep', naam: 'Projectgroep beleidskader', opdracht: 'Stelt het concept-kader op.', startdatum: '2025-05-01' }).expect(201);

    const lijst = await t.http.get(`/api/v1/kaders/${kaderId}/werkgroepen?naPositie=${projectgroep.body.positie}`).set('Authorization', participant).expect(200);
    expect(lijst.body.werkgroepen.map((w: { naam: string }) => w.naam)).toEqual(['Projectgroep beleidskader', 'Werkgroep dak- en thuisloosheid']);
    const detail = await t.http.get(`/api/v1/werkgroepen/${werkgroep.body.werkgroepId}`).set('Authorization', participant).expect(200);
    expect(detail.body).toMatchObject({ opdracht: 'Werkt de aanpak dak- en thuisloosheid uit.', einddatum: '2025-12-31', status: 'actief', aantalLeden: 2 });
    expect(detail.body.leden.map((l: { organisatie: string }) => l.organisatie).sort()).toEqual(['GM0546', 'clientenraad']);
  });

  it('refuses a werkgroep for an unknown kader (404) and one set up by a werkgroeplid (403), writing nothing', async () => {
    await t.http.post('/api/v1/kaders/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b/werkgroepen').set('Authorization', projectleider)
      .send({ naam: 'Spook', opdracht: 'Niets', startdatum: '2025-04-01' }).expect(404);
    const res = await t.http.post(`/api/v1/kaders/${kaderId}/werkgroepen`).set('Authorization', werkgroeplid)
      .send({ naam: 'Eigen werkgroep', opdracht: 'Niets', startdatum: '2025-04-01' }).expect(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('tracks actiepunten: reassign and reschedule with a reason, gereed, vervallen, and te-laat derived from today', async () => {
    const wg = (await stelIn({ naam: 'Werkgroep preventie', opdracht: 'Werkt preventie uit.', startdatum: '2025-04-01', leden: [{ rol: 'beleidsadviseur', organisatie: 'GM0537' }] }).expect(201)).body;
    const lidId = wg.leden[0].lidId as string;
    const base = `/api/v1/werkgroepen/${wg.werkgroepId}/actiepunten`;
    const maak = async (omschrijving: string, deadline: string, eigenaar: object) =>
      (await t.http.post(base).set('Authorization', werkgroeplid).send({ omschrijving, deadline, eigenaar }).expect(201)).body.actiepuntId as string;
    const laat = await maak('Cijfers ETHOS-telling verwerken', '2025-04-10', { lidId });
    const verschoven = await maak('Overzicht opvangplekken aanleveren', '2025-04-15', { rol: 'beleidsadviseur', organisatie: 'GM0546' });
    const gereed = await maak('Notitie preventie schrijven', '2025-05-01', { lidId });
    const vervallen = await maak('Werkbezoek plannen', '2025-05-10', { lidId });

    await t.http.post(`${base}/${verschoven}/verschuivingen`).set('Authorization', werkgroeplid).send({ deadline: '2025-06-01' }).expect(400);
    await t.http.post(`${base}/${verschoven}/verschuivingen`).set('Authorization', werkgroeplid).send({ deadline: '2025-06-01', reden: 'Wacht op de woonzorgvisies.' }).expect(201);
    await t.http.post(`${base}/${verschoven}/toewijzingen`).set('Authorization', projectleider).send({ eigenaar: { lidId }, reden: 'Overgedragen wegens verlof.' }).expect(201);
    await t.http.post(`${base}/${gereed}/_gereedmelden`).set('Authorization', werkgroeplid).expect(200);
    await t.http.post(`${base}/${vervallen}/_vervallen`).set('Authorization', werkgroeplid).send({ reden: 'Niet nodig' }).expect(403);
    const last = await t.http.post(`${base}/${vervallen}/_vervallen`).set('Authorization', projectleider).send({ reden: 'Opgenomen in het werkbezoek van de projectgroep.' }).expect(200);
    const afgesloten = await t.http.post(`${base}/${gereed}/verschuivingen`).set('Authorization', werkgroeplid).send({ deadline: '2025-07-01', reden: 'Toch later' }).expect(409);
    expect(afgesloten.body.detail).toMatch(/afgesloten actiepunt/);

    t.setNow('2025-04-20T09:00:00.000Z');
    const res = await t.http.get(`${base}?naPositie=${last.body.positie}`).set('Authorization', participant).expect(200);
    const status = Object.fromEntries(res.body.actiepunten.map((a: { actiepuntId: string; status: string }) => [a.actiepuntId, a.status]));
    expect(status).toEqual({ [laat]: 'te-laat', [verschoven]: 'open', [gereed]: 'gereed', [vervallen]: 'vervallen' });
    const moved = res.body.actiepunten.find((a: { actiepuntId: string }) => a.actiepuntId === verschoven);
    expect(moved).toMatchObject({ deadline: '2025-06-01', oorspronkelijkeDeadline: '2025-04-15', eigenaar: { lidId }, keerVerschoven: 1, keerToegewezen: 1 });

    const teLaat = await t.http.get(`/api/v1/actiepunten?kaderId=${kaderId}&teLaat=true`).set('Authorization', participant).expect(200);
    expect(teLaat.body.actiepunten.map((a: { actiepuntId: string }) => a.actiepuntId)).toEqual([laat]);
    const vanLid = await t.http.get(`/api/v1/actiepunten?lidId=${lidId}&status=open`).set('Authorization', participant).expect(200);
    expect(vanLid.body.actiepunten.map((a: { actiepuntId: string }) => a.actiepuntId)).toEqual([verschoven]);
    await t.http.get('/api/v1/actiepunten?status=klaar').set('Authorization', participant).expect(400);
    t.setNow('2025-04-01T09:00:00.000Z');
  });

  it('keeps a member with open actiepunten, and dissolves a werkgroep with a reason after which nothing can be added', async () => {
    const wg = (await stelIn({ naam: 'Werkgroep toegang', opdracht: 'Lokale toegang in kaart.', startdatum: '2025-04-01', leden: [{ rol: 'coordinator', organisatie: 'GM0484' }] }).expect(201)).body;
    const lidId = wg.leden[0].lidId as string;
    await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/actiepunten`).set('Authorization', projectleider).send({ omschrijving: 'Inventarisatie', deadline: '2025-05-01', eigenaar: { lidId } }).expect(201);
    const weg = await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/leden/${lidId}/_verwijderen`).set('Authorization', projectleider).send({ reden: 'Vertrokken' }).expect(409);
    expect(weg.body.type).toMatch(/lid-heeft-open-actiepunten$/);
    const extra = await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/leden`).set('Authorization', projectleider).send({ rol: 'adviseur', organisatie: 'GGD' }).expect(201);
    expect(extra.body.lidId).toMatch(/^[0-9a-f-]{36}$/);

    await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/_opheffen`).set('Authorization', projectleider).send({ datum: '2025-06-30' }).expect(400);
    const op = await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/_opheffen`).set('Authorization', projectleider).send({ datum: '2025-06-30', reden: 'Opdracht afgerond.' }).expect(200);
    const dicht = await t.http.post(`/api/v1/werkgroepen/${wg.werkgroepId}/actiepunten`).set('Authorization', projectleider).send({ omschrijving: 'Nog iets', deadline: '2025-07-01', eigenaar: { lidId } }).expect(409);
    expect(dicht.body.type).toMatch(/werkgroep-opgeheven$/);
    const detail = await t.http.get(`/api/v1/werkgroepen/${wg.werkgroepId}?naPositie=${op.body.positie}`).set('Authorization', participant).expect(200);
    expect(detail.body).toMatchObject({ status: 'opgeheven', redenOpheffing: 'Opdracht afgerond.', aantalLeden: 2 });
    const actief = await t.http.get(`/api/v1/kaders/${kaderId}/werkgroepen?status=actief`).set('Authorization', participant).expect(200);
    expect(actief.body.werkgroepen.map((w: { werkgroepId: string }) => w.werkgroepId)).not.toContain(wg.werkgroepId);
    await t.http.get('/api/v1/werkgroepen/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b').set('Authorization', participant).expect(404);
  });
});
