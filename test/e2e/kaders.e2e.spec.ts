import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

describe('kaders over HTTP (embedded store)', () => {
  let t: TestApp;
  let directeur: string;
  let projectleider: string;

  beforeAll(async () => {
    t = await createTestApp();
    directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    projectleider = `Bearer ${await t.token('projectleider')}`;
  });
  afterAll(() => t.close());

  const startKader = async () => {
    const res = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send(KADER).expect(201);
    return res.body as { kaderId: string; versie: number; positie: number };
  };

  it('starts a kader and reads its status, fresh after its own write', async () => {
    const started = await startKader();
    expect(started.versie).toBe(1);
    const res = await t.http.get(`/api/v1/kaders/${started.kaderId}?naPositie=${started.positie}`).set('Authorization', directeur).expect(200);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ kaderId: started.kaderId, fase: 'opdracht', volgendeFase: 'plan-van-aanpak', periode: { van: 2026, tot: 2032 } });
    expect(res.body.blokkades.join(' ')).toMatch(/projectleider/i);
  });

  it('answers a naPositie that was never given out with 400 at once, naming the last position', async () => {
    const started = await startKader();
    const res = await t.http.get(`/api/v1/kaders/${started.kaderId}?naPositie=${started.positie + 1000}`).set('Authorization', directeur).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toContain(`de laatste vastgelegde positie is ${started.positie}`);
    expect(res.body.fouten).toEqual([{ veld: 'naPositie', melding: 'positie bestaat (nog) niet' }]);
  });

  it('refuses the next phase with every unmet condition, in Dutch, and writes nothing', async () => {
    const { kaderId } = await startKader();
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel: 'Opdrachtformulering besproken', fase: 'opdracht', deadline: '2025-03-01', eigenaar: 'projectleider' }).expect(201);
    const res = await t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', projectleider).send({ naarFase: 'plan-van-aanpak' }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toMatch(/fase-voorwaarden-niet-vervuld$/);
    expect(res.body.redenen.length).toBe(2);
    expect(res.body.redenen.join(' ')).toMatch(/Opdrachtformulering besproken/);
    const events = await t.runtime.store.readStream(`kader-${kaderId}`);
    expect(events.map((e) => e.type)).toEqual(['KaderGestart', 'MijlpaalGepland']);
  });

  it('moves through a phase once its conditions hold, and back with a reason', async () => {
    const { kaderId } = await startKader();
    await t.http.put(`/api/v1/kaders/${kaderId}/projectleider`).set('Authorization', directeur).send({ projectleiderId: 'user-pl-1' }).expect(200);
    const fwd = await t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', projectleider).send({ naarFase: 'plan-van-aanpak' }).expect(201);
    await t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', projectleider).send({ naarFase: 'opdracht' }).expect(400);
    await t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', projectleider).send({ naarFase: 'opdracht', reden: 'Opdracht wordt aangescherpt' }).expect(201);
    const res = await t.http.get(`/api/v1/kaders/${kaderId}/fase-overgangen?naPositie=${fwd.body.positie + 1}`).set('Authorization', directeur).expect(200);
    expect(res.body.faseOvergangen.map((s: { fase: string; richting: string }) => `${s.richting}:${s.fase}`)).toEqual(['start:opdracht', 'vooruit:plan-van-aanpak', 'terug:opdracht']);
    expect(res.body.faseOvergangen[2]).toMatchObject({ reden: 'Opdracht wordt aangescherpt', door: { rol: 'projectleider' } });
  });

  it('plans, reschedules, achieves and cancels mijlpalen; te-laat is derived from today', async () => {
    const { kaderId } = await startKader();
    const plan = (titel: string, deadline: string) => t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
      .send({ titel, fase: 'opdracht', deadline, eigenaar: 'projectleider' }).expect(201).then((r) => r.body.mijlpaalId as string);
    const a = await plan('Opdracht besproken', '2025-03-10');
    const b = await plan('Startnotitie', '2025-03-20');
    const c = await plan('Kick-off', '2025-03-01');
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen/${b}/verschuivingen`).set('Authorization', projectleider).send({ nieuweDeadline: '2025-04-01', reden: 'Wacht op ETHOS-cijfers' }).expect(201);
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen/${a}/_behalen`).set('Authorization', projectleider).send({ behaaldOp: '2025-03-02' }).expect(200);
    const last = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen/${b}/_annuleren`).set('Authorization', directeur).send({ reden: 'Niet meer nodig' }).expect(200);
    const res = await t.http.get(`/api/v1/kaders/${kaderId}/mijlpalen?naPositie=${last.body.positie}`).set('Authorization', directeur).expect(200);
    const status = Object.fromEntries(res.body.mijlpalen.map((m: { mijlpaalId: string; status: string }) => [m.mijlpaalId, m.status]));
    expect(status).toEqual({ [a]: 'behaald', [b]: 'geannuleerd', [c]: 'te-laat' });
    expect(res.body.volgendeMijlpaal.mijlpaalId).toBe(c);
    t.setNow('2025-02-01T09:00:00.000Z');
    const earlier = await t.http.get(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', directeur).expect(200);
    expect(earlier.body.mijlpalen.find((m: { mijlpaalId: string }) => m.mijlpaalId === c).status).toBe('gepland');
    t.setNow('2025-03-03T09:00:00.000Z');
  });

  it('answers a stale If-Match with 412 and a repeated Idempotency-Key without writing again', async () => {
    const { kaderId } = await startKader();
    const body = { titel: 'Inventarisatie afgerond', fase: 'opdracht', deadline: '2025-06-01', eigenaar: 'projectleider' };
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).set('If-Match', '"7"').send(body).expect(412);
    const first = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).set('If-Match', '"1"').set('Idempotency-Key', `k-${kaderId}`).send({ ...body, mijlpaalId: '0b6b8c9e-1111-4a4a-9c9c-000000000001' }).expect(201);
    const again = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).set('Idempotency-Key', `k-${kaderId}`).send({ ...body, mijlpaalId: '0b6b8c9e-1111-4a4a-9c9c-000000000001' }).expect(201);
    expect(again.body).toMatchObject({ versie: first.body.versie, positie: first.body.positie, herhaald: true });
    const other = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).set('Idempotency-Key', `k-${kaderId}`).send({ ...body, titel: 'Iets anders', mijlpaalId: '0b6b8c9e-1111-4a4a-9c9c-000000000001' }).expect(422);
    expect(other.body.type).toMatch(/idempotency-key-hergebruikt$/);
    expect((await t.runtime.store.readStream(`kader-${kaderId}`)).length).toBe(2);
  });

  it('shows the status as it was recorded at an earlier moment or position', async () => {
    t.setNow('2025-03-03T09:00:00.000Z');
    const { kaderId, positie } = await startKader();
    await t.http.put(`/api/v1/kaders/${kaderId}/projectleider`).set('Authorization', directeur).send({ projectleiderId: 'user-pl-2' }).expect(200);
    t.setNow('2025-03-10T09:00:00.000Z');
    await t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', projectleider).send({ naarFase: 'plan-van-aanpak' }).expect(201);
    const then = await t.http.get(`/api/v1/kaders/${kaderId}?peilmoment=2025-03-05`).set('Authorization', directeur).expect(200);
    expect(then.body.fase).toBe('opdracht');
    const atStart = await t.http.get(`/api/v1/kaders/${kaderId}?opPositie=${positie}`).set('Authorization', directeur).expect(200);
    expect(atStart.body).toMatchObject({ fase: 'opdracht', projectleiderId: null, versie: 1 });
    await t.http.get(`/api/v1/kaders/${kaderId}?peilmoment=2025-01-01`).set('Authorization', directeur).expect(404);
    t.setNow('2025-03-03T09:00:00.000Z');
  });

  it('rejects invalid input with field errors and unknown properties', async () => {
    const res = await t.http.post('/api/v1/kaders').set('Authorization', directeur).send({ ...KADER, periode: { van: 2026 }, geheim: 1 }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const velden = res.body.fouten.map((f: { veld: string }) => f.veld);
    expect(velden).toEqual(expect.arrayContaining(['geheim', 'periode.tot']));
  });

  it('needs a token for kaders but not for reference data or the OpenAPI document', async () => {
    const res = await t.http.get('/api/v1/kaders').expect(401);
    expect(res.body.title).toBe('Niet aangemeld');
    const gemeenten = await t.http.get('/api/v1/gemeenten').expect(200);
    expect(gemeenten.body.gemeenten).toHaveLength(13);
    await t.http.get('/api/v1/openapi.json').expect(200);
    await t.http.get('/api/v1/gemeenten/').expect(404);
  });
});
