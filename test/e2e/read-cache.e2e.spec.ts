import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
const GREMIUM = 'bestuurscommissie-maatschappij';

/** Reads are answered from a cache of serialised answers; these prove it never shows less than what was recorded. */
describe('cached reads (embedded store)', () => {
  let t: TestApp;
  let directeur: string;
  let projectleider: string;
  let secretaris: string;

  beforeAll(async () => {
    t = await createTestApp();
    directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    projectleider = `Bearer ${await t.token('projectleider')}`;
    secretaris = `Bearer ${await t.token('secretaris', GREMIUM)}`;
  });
  afterAll(() => t.close());

  const startKader = async () => {
    const res = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    return res.body as { kaderId: string; positie: number };
  };
  const planMijlpaal = (kaderId: string, titel: string, deadline: string) =>
    t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel, fase: 'opdracht', deadline, eigenaar: 'projectleider' }).expect(201).then((r) => r.body as { positie: number; versie: number });

  it('shows a kader\'s new mijlpaal on the next read after the write, with the new ETag', async () => {
    const { kaderId, positie } = await startKader();
    const first = await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${positie}`).set('Authorization', directeur).expect(200);
    const again = await t.http.get(`/api/v1/kaders/${kaderId}`).set('Authorization', directeur).expect(200);
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.headers.etag).toBe('"1"');

    const planned = await planMijlpaal(kaderId, 'Startnotitie besproken', '2025-06-01');
    const after = await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${planned.positie}`).set('Authorization', directeur).expect(200);
    expect(after.headers.etag).toBe('"2"');
    expect(after.body.mijlpalen.map((m: { titel: string }) => m.titel)).toEqual(['Startnotitie besproken']);
  });

  it('derives te laat again when the day changes, though nothing was recorded', async () => {
    const { kaderId } = await startKader();
    const planned = await planMijlpaal(kaderId, 'Concept gereed', '2025-03-10');
    const before = await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${planned.positie}`).set('Authorization', directeur).expect(200);
    expect(before.body.mijlpalen[0].status).toBe('gepland');
    t.setNow('2025-03-11T09:00:00.000Z');
    try {
      const later = await t.http.get(`/api/v1/kaders/${kaderId}`).set('Authorization', directeur).expect(200);
      expect(later.body.mijlpalen[0].status).toBe('te-laat');
      expect(later.body.teLaat).toBe(1);
    } finally {
      t.setNow('2025-03-03T09:00:00.000Z');
    }
  });

  it('answers 304 to a matching If-None-Match and still 404 for an unknown kader', async () => {
    const { kaderId, positie } = await startKader();
    const res = await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${positie}`).set('Authorization', directeur).expect(200);
    await t.http.get(`/api/v1/kaders/${kaderId}`).set('Authorization', directeur).set('If-None-Match', res.headers.etag).expect(304);
    const missing = await t.http.get('/api/v1/kaders/7d1f3c2a-0000-4000-8000-000000000404').set('Authorization', directeur).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('shows a new besluit on the besluiten page and in the opgaven matrix after their writes', async () => {
    const { kaderId } = await startKader();
    const page = () => t.http.get('/api/v1/besluiten?pagina=1').set('Authorization', directeur).expect(200).then((r) => r.body as { totaal: number });
    const matrix = (naPositie?: number) => t.http.get(`/api/v1/kaders/${kaderId}/opgaven-matrix${naPositie ? `?naPositie=${naPositie}` : ''}`)
      .set('Authorization', directeur).expect(200).then((r) => r.body as { regionaal: unknown[] });
    const totaal = (await page()).totaal;
    expect((await page()).totaal).toBe(totaal);
    expect((await matrix()).regionaal).toHaveLength(0);

    const { vergaderingId } = (await t.http.post('/api/v1/vergaderingen').set('Authorization', secretaris)
      .send({ gremium: GREMIUM, datum: '2025-03-01', titel: 'Vergadering' }).expect(201)).body;
    const { agendapuntId } = (await t.http.post(`/api/v1/vergaderingen/${vergaderingId}/agendapunten`).set('Authorization', secretaris)
      .send({ volgnummer: 1, titel: 'Regionale opgaven', onderwerp: 'overig' }).expect(201)).body;
    const besluit = (await t.http.post(`/api/v1/vergaderingen/${vergaderingId}/agendapunten/${agendapuntId}/besluiten`).set('Authorization', secretaris)
      .send({ uitkomst: 'vastgesteld', besluittekst: 'Conform voorstel.', datum: '2025-03-01' }).expect(201)).body;
    const na = await t.http.get(`/api/v1/besluiten?pagina=1&naPositie=${besluit.positie}`).set('Authorization', directeur).expect(200);
    expect(na.body.totaal).toBe(totaal + 1);

    const opgave = (await t.http.post(`/api/v1/kaders/${kaderId}/opgaven`).set('Authorization', projectleider)
      .send({ titel: '24-uursopvang', thema: 'maatschappelijke-opvang', schaalniveau: 'regionaal',
        motivering: { gronden: ['onbetaalbaar'], toelichting: 'Per gemeente niet te bekostigen.' } }).expect(201)).body;
    expect((await matrix(opgave.positie)).regionaal).toHaveLength(1);
  });

  it('answers a repeated read as the first one, with its headers, but never without a valid token', async () => {
    const { kaderId, positie } = await startKader();
    const url = `/api/v1/kaders/${kaderId}`;
    const first = await t.http.get(`${url}?naPositie=${positie}`).set('Authorization', directeur).expect(200);
    await t.http.get(url).set('Authorization', directeur).expect(200);
    const again = await t.http.get(url).set('Authorization', projectleider).expect(200);
    expect(again.text).toBe(first.text);
    expect(again.headers).toMatchObject({ etag: first.headers.etag, 'api-version': first.headers['api-version'], 'x-content-type-options': 'nosniff' });

    const zonder = await t.http.get(url).expect(401);
    expect(zonder.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zonder.body).not.toHaveProperty('mijlpalen');
    await t.http.get(url).set('Authorization', 'Bearer niet.een.token').expect(401);

    const planned = await planMijlpaal(kaderId, 'Na het lezen', '2025-07-01');
    await t.http.get(`${url}?naPositie=${planned.positie}`).set('Authorization', directeur).expect(200);
    const na = await t.http.get(url).set('Authorization', directeur).expect(200);
    expect(na.body.mijlpalen.map((m: { titel: string }) => m.titel)).toEqual(['Na het lezen']);
  });
});
