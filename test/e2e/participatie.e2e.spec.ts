import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

describe('participatierondes over HTTP', () => {
  let t: TestApp;
  let projectleider: string;
  let participant: string;
  let lezer: string;
  let kaderId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2025-06-01T09:00:00.000Z' });
    projectleider = `Bearer ${await t.token('projectleider')}`;
    participant = `Bearer ${await t.token('participant', 'Stichting De Binnenvest')}`;
    lezer = `Bearer ${await t.token('lezer')}`;
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    kaderId = (await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201)).body.kaderId;
  });
  afterAll(() => t.close());

  const plan = async (body: object) =>
    (await t.http.post(`/api/v1/kaders/${kaderId}/participatierondes`).set('Authorization', projectleider)
      .send({ fase: 'participatie-en-uitwerking', doel: 'Ophalen wat partners nodig hebben.', vorm: 'werksessie', datum: '2025-06-12', genodigden: ['zorgaanbieder', 'ervaringsdeskundigen'], ...body })
      .expect(201)).body.rondeId as string;
  const inbreng = (rondeId: string, bron: object, tekst = 'Meer tussenvoorzieningen.') =>
    t.http.post(`/api/v1/participatierondes/${rondeId}/inbreng`).set('Authorization', participant).send({ bron, thema: 'dak-en-thuisloosheid', tekst });
  const antwoord = (rondeId: string, inbrengId: string, body: object) =>
    t.http.put(`/api/v1/participatierondes/${rondeId}/inbreng/${inbrengId}/terugkoppeling`).set('Authorization', projectleider).send(body);

  it('answers every contribution, then closes the round; the overview shows who gave input and how it was answered', async () => {
    const rondeId = await plan({});
    const a = (await inbreng(rondeId, { partijType: 'zorgaanbieder', organisatie: 'Stichting De Binnenvest' }).expect(201)).body.inbrengId;
    const b = (await inbreng(rondeId, { partijType: 'ervaringsdeskundigen' }, 'Laat ervaringsdeskundigen meebeslissen over de toegang.').expect(201)).body.inbrengId;

    const vroeg = await t.http.post(`/api/v1/participatierondes/${rondeId}/_sluiten`).set('Authorization', projectleider).send({}).expect(409);
    expect(vroeg.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(vroeg.body.type).toMatch(/onbeantwoorde-inbreng$/);
    expect(vroeg.body.detail).toMatch(/2 bijdrage/);

    await antwoord(rondeId, a, { uitkomst: 'overgenomen', reden: 'Opgenomen.' }).expect(400);
    await antwoord(rondeId, a, { uitkomst: 'overgenomen', reden: 'Opgenomen in de aanpak.', verwerking: { kaderdeel: 'Hoofdstuk 4: dak- en thuisloosheid' } }).expect(200);
    await antwoord(rondeId, b, { uitkomst: 'deels-overgenomen', reden: 'Ervaringsdeskundigen zitten in de werkgroep toegang.', verwerking: { kaderdeel: 'Hoofdstuk 2: toegang' } }).expect(200);
    const anders = await antwoord(rondeId, b, { uitkomst: 'niet-overgenomen', reden: 'Toch niet.' }).expect(409);
    expect(anders.body.type).toMatch(/inbreng-al-beantwoord$/);
    const gesloten = await t.http.post(`/api/v1/participatierondes/${rondeId}/_sluiten`).set('Authorization', projectleider).send({}).expect(200);
    await inbreng(rondeId, { partijType: 'woningcorporatie', organisatie: 'Woningcorporatie Fictief' }).expect(409);

    const ronde = await t.http.get(`/api/v1/participatierondes/${rondeId}?naPositie=${gesloten.body.positie}`).set('Authorization', lezer).expect(200);
    expect(ronde.body).toMatchObject({ status: 'gesloten', inbreng: 2, beantwoord: 2, onbeantwoord: 0, ervaringsdeskundigenBetrokken: true });
    expect(ronde.body.perUitkomst).toEqual({ overgenomen: 1, 'deels-overgenomen': 1, 'niet-overgenomen': 0 });
    const lijst = await t.http.get(`/api/v1/participatierondes/${rondeId}/inbreng`).set('Authorization', lezer).expect(200);
    const vanAanbieder = lijst.body.inbreng.find((i: { inbrengId: string }) => i.inbrengId === a);
    expect(vanAanbieder).toMatchObject({ bron: { partijType: 'zorgaanbieder', organisatie: 'Stichting De Binnenvest' }, terugkoppeling: { uitkomst: 'overgenomen', verwerking: { kaderdeel: 'Hoofdstuk 4: dak- en thuisloosheid' } } });
  });

  it('never ties input of inwoners to a name, and closes with open input only when a reason is given', async () => {
    const rondeId = await plan({ vorm: 'consultatie', genodigden: ['inwoners'], fase: 'concept-kader', datum: '2025-09-01' });
    const naam = await inbreng(rondeId, { partijType: 'inwoners', organisatie: 'Fictieve Inwoner' }).expect(400);
    expect(naam.body.type).toMatch(/persoon-niet-noemen$/);
    const i = (await inbreng(rondeId, { partijType: 'inwoners' }).expect(201)).body.inbrengId;
    const open = await t.http.get(`/api/v1/participatierondes/${rondeId}/inbreng?beantwoord=false`).set('Authorization', lezer).expect(200);
    expect(open.body.inbreng.map((x: { inbrengId: string }) => x.inbrengId)).toEqual([i]);
    await t.http.post(`/api/v1/participatierondes/${rondeId}/_sluiten`).set('Authorization', participant).send({ reden: 'Klaar' }).expect(403);
    const dicht = await t.http.post(`/api/v1/participatierondes/${rondeId}/_sluiten`).set('Authorization', projectleider)
      .send({ reden: 'De reactie kwam na de sluitdatum; gaat mee naar de volgende ronde.' }).expect(200);

    const overzicht = await t.http.get(`/api/v1/kaders/${kaderId}/participatie-overzicht?naPositie=${dicht.body.positie}`).set('Authorization', lezer).expect(200);
    expect(overzicht.body.rondes).toHaveLength(2);
    expect(overzicht.body).toMatchObject({ inbreng: 3, beantwoord: 2, onbeantwoord: 1 });
    const fase = (naam: string) => overzicht.body.perFase.find((f: { fase: string }) => f.fase === naam);
    expect(fase('participatie-en-uitwerking')).toMatchObject({ rondes: 1, ervaringsdeskundigenUitgenodigd: true, ervaringsdeskundigenBetrokken: true });
    expect(fase('concept-kader')).toMatchObject({ rondes: 1, ervaringsdeskundigenUitgenodigd: false, ervaringsdeskundigenBetrokken: false });
    expect(overzicht.body.rondes.find((r: { rondeId: string }) => r.rondeId === rondeId)).toMatchObject({ status: 'gesloten', sluitreden: expect.stringMatching(/na de sluitdatum/) });
    const rondes = await t.http.get(`/api/v1/kaders/${kaderId}/participatierondes`).set('Authorization', lezer).expect(200);
    expect(rondes.body.participatierondes.map((r: { datum: string }) => r.datum)).toEqual(['2025-06-12', '2025-09-01']);
  });

  it('rejects an unknown party type and a round for a kader that does not exist', async () => {
    const res = await t.http.post(`/api/v1/kaders/${kaderId}/participatierondes`).set('Authorization', projectleider)
      .send({ fase: 'inventarisatie', doel: 'x', vorm: 'werksessie', datum: '2025-06-12', genodigden: ['buurman'] }).expect(400);
    expect(res.body.fouten[0].veld).toBe('genodigden');
    await t.http.post('/api/v1/kaders/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b/participatierondes').set('Authorization', projectleider)
      .send({ fase: 'inventarisatie', doel: 'x', vorm: 'werksessie', datum: '2025-06-12', genodigden: ['inwoners'] }).expect(404);
    await t.http.get('/api/v1/participatierondes/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b').set('Authorization', lezer).expect(404);
  });
});
