import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
const MIJLPAAL = { titel: 'Startnotitie', fase: 'opdracht', deadline: '2025-03-20', eigenaar: 'projectleider' };

describe('audit trail, chain verification and erasure over HTTP', () => {
  let t: TestApp;
  let directeur: string;
  let projectleider: string;
  let beheerder: string;
  let kaderId: string;
  let mijlpaalId: string;

  beforeAll(async () => {
    t = await createTestApp();
    directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg', 'sub-directeur')}`;
    projectleider = `Bearer ${await t.token('projectleider', 'holland-rijnland', 'sub-projectleider')}`;
    beheerder = `Bearer ${await t.token('beheerder', 'holland-rijnland', 'sub-beheerder')}`;
    kaderId = (await t.http.post('/api/v1/kaders').set('Authorization', directeur).set('X-Audit-Toelichting', 'Opdracht van het directeurenoverleg').send(KADER).expect(201)).body.kaderId;
    t.setNow('2025-03-04T10:00:00.000Z');
    mijlpaalId = (await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).send(MIJLPAAL).expect(201)).body.mijlpaalId;
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen/${mijlpaalId}/verschuivingen`).set('Authorization', projectleider)
      .send({ nieuweDeadline: '2025-04-01', reden: 'Wacht op ETHOS-cijfers' }).expect(201);
  });
  afterAll(() => t.close());

  it('given commands, then every event names who (from the token), when, which command and request, and why; never the name', async () => {
    const events = await t.runtime.store.readStream(`kader-${kaderId}`);
    expect(events.map((e) => e.type)).toEqual(['KaderGestart', 'MijlpaalGepland', 'MijlpaalVerschoven']);
    expect(events[0].metadata).toMatchObject({
      actor: { id: 'sub-directeur', role: 'directeur', organisation: 'directeurenoverleg' },
      command: 'StartKader', reason: 'Opdracht van het directeurenoverleg',
    });
    expect(events[0].metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0].metadata.correlationId).toBeTruthy();
    expect(events[0].recordedAt).toBe('2025-03-03T09:00:00.000Z');
    expect(events[2].metadata).toMatchObject({ actor: { id: 'sub-projectleider' }, command: 'VerschuifMijlpaal', reason: 'Wacht op ETHOS-cijfers' });
    expect(events[2].occurredAt).toBe('2025-03-04T10:00:00.000Z');
    expect(JSON.stringify(events)).not.toMatch(/Fictieve/);
  });

  it('given a body that names an actor, then it is refused 400 and nothing is stored', async () => {
    const before = await t.runtime.store.headPosition();
    for (const field of ['actor', 'gebruikersId']) {
      const res = await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider)
        .send({ ...MIJLPAAL, [field]: field === 'actor' ? { id: 'iemand-anders', role: 'directeur' } : 'iemand-anders' }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.fouten.map((f: { veld: string }) => f.veld)).toContain(field);
    }
    expect(await t.runtime.store.headPosition()).toBe(before);
  });

  it('shows a kader audit trail in the ZGW shape with the person, the reason and old and new values', async () => {
    const res = await t.http.get(`/api/v1/kaders/${kaderId}/audittrail`).set('Authorization', directeur).expect(200);
    const [start, , verschoven] = res.body.audittrail;
    expect(start).toMatchObject({
      gebruikersId: 'sub-directeur', gebruikersWeergave: 'Fictieve directeur', actie: 'create', resultaat: 201, resource: 'kader',
      resourceWeergave: KADER.titel, toelichting: 'Opdracht van het directeurenoverleg', aanmaakdatum: '2025-03-03T09:00:00.000Z',
      wijzigingen: { oud: null },
    });
    expect(start.resourceUrl).toMatch(new RegExp(`/api/v1/kaders/${kaderId}$`));
    expect(verschoven).toMatchObject({
      gebruikersWeergave: 'Fictieve projectleider', actie: 'update', actieWeergave: 'MijlpaalVerschoven', opdracht: 'VerschuifMijlpaal',
      toelichting: 'Wacht op ETHOS-cijfers', wijzigingen: { nieuw: { nieuweDeadline: '2025-04-01' } },
    });
    expect(verschoven.wijzigingen.oud).toMatchObject({ mijlpaalId, kaderId });
    expect(JSON.stringify(res.body)).not.toMatch(/"system"/);
  });

  it('filters the global audit trail by actor, organisation, resource and dates, and exports CSV', async () => {
    const byActor = await t.http.get('/api/v1/audittrail?gebruikersId=sub-projectleider').set('Authorization', directeur).expect(200);
    expect(byActor.body.audittrail.map((e: { actieWeergave: string }) => e.actieWeergave)).toEqual(['MijlpaalGepland', 'MijlpaalVerschoven']);
    const byOrg = await t.http.get('/api/v1/audittrail?organisatie=directeurenoverleg&resource=kader').set('Authorization', directeur).expect(200);
    expect(byOrg.body.audittrail.map((e: { actieWeergave: string }) => e.actieWeergave)).toEqual(['KaderGestart']);
    const byDate = await t.http.get('/api/v1/audittrail?van=2025-03-04&tot=2025-03-04').set('Authorization', directeur).expect(200);
    expect(byDate.body.audittrail).toHaveLength(2);
    const none = await t.http.get('/api/v1/audittrail?resource=werkgroep').set('Authorization', directeur).expect(200);
    expect(none.body.audittrail).toEqual([]);
    const paged = await t.http.get('/api/v1/audittrail?limit=1').set('Authorization', directeur).expect(200);
    expect(paged.body.volgende).toBe(paged.body.audittrail[0].positie);
    await t.http.get('/api/v1/audittrail?van=2025-03-05&tot=2025-03-01').set('Authorization', directeur).expect(400);
    await t.http.get('/api/v1/audittrail?onbekend=1').set('Authorization', directeur).expect(400);

    const csv = await t.http.get(`/api/v1/kaders/${kaderId}/audittrail?formaat=csv`).set('Authorization', directeur).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^aanmaakdatum,gebruikersId,gebruikersWeergave/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/Fictieve projectleider/);
  });

  it('answers 404 for the audit trail of something never recorded', async () => {
    await t.http.get('/api/v1/kaders/00000000-0000-4000-8000-000000000000/audittrail').set('Authorization', directeur).expect(404);
  });

  it('publishes the chain head without a token, and recomputes it at a past position', async () => {
    const now = await t.http.get('/api/v1/audit/ketenkop').expect(200);
    expect(now.body.hash).toMatch(/^[0-9a-f]{64}$/);
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).send({ ...MIJLPAAL, titel: 'Kick-off' }).expect(201);
    const later = await t.http.get('/api/v1/audit/ketenkop').expect(200);
    expect(later.body.hash).not.toBe(now.body.hash);
    const again = await t.http.get(`/api/v1/audit/ketenkop?opPositie=${now.body.positie}`).expect(200);
    expect(again.body).toEqual(now.body);
  });

  it('given an erased person, then audit views show vergeten and the chain still verifies', async () => {
    await t.http.post('/api/v1/personen/sub-projectleider/_vergeten').set('Authorization', projectleider).expect(403);
    const res = await t.http.post('/api/v1/personen/sub-projectleider/_vergeten').set('Authorization', beheerder)
      .set('X-Audit-Toelichting', 'Verzoek tot verwijdering (AVG art. 17)').expect(200);
    expect(res.body).toMatchObject({ personId: 'sub-projectleider', herhaald: false });
    await t.http.post('/api/v1/personen/sub-projectleider/_vergeten').set('Authorization', beheerder).expect(200).expect((r) => expect(r.body.herhaald).toBe(true));

    // The same person acting again does not bring the name back.
    await t.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', projectleider).send({ ...MIJLPAAL, titel: 'Na vergeten' }).expect(201);
    const trail = await t.http.get(`/api/v1/kaders/${kaderId}/audittrail`).set('Authorization', directeur).expect(200);
    const byPl = trail.body.audittrail.filter((e: { gebruikersId: string }) => e.gebruikersId === 'sub-projectleider');
    expect(byPl.length).toBeGreaterThan(2);
    expect(byPl.every((e: { gebruikersWeergave: string }) => e.gebruikersWeergave === 'vergeten')).toBe(true);
    expect(trail.body.audittrail[0].gebruikersWeergave).toBe('Fictieve directeur');
    const erasure = await t.http.get('/api/v1/audittrail?resource=persoon').set('Authorization', beheerder).expect(200);
    expect(erasure.body.audittrail).toEqual([expect.objectContaining({ actieWeergave: 'PersoonVergeten', gebruikersId: 'sub-beheerder', toelichting: 'Verzoek tot verwijdering (AVG art. 17)' })]);

    const verify = await t.http.get('/api/v1/audit/verificatie').set('Authorization', beheerder).expect(200);
    expect(verify.body).toMatchObject({ intact: true, eersteBreuk: null });
  });

  it('given a stored event altered in the database, then verification names it; only beheerder and directeur may ask', async () => {
    await t.http.get('/api/v1/audit/verificatie').set('Authorization', projectleider).expect(403);
    const [, gepland] = await t.runtime.store.readStream(`kader-${kaderId}`);
    await t.runtime.db.query(`UPDATE events SET data = jsonb_set(data, '{deadline}', '"2025-12-31"') WHERE event_id = $1`, [gepland.eventId]);
    const res = await t.http.get('/api/v1/audit/verificatie').set('Authorization', directeur).expect(200);
    expect(res.body).toMatchObject({
      intact: false,
      eersteBreuk: { positie: gepland.globalPosition, streamId: `kader-${kaderId}`, versie: 2, reden: 'content-altered' },
    });
    expect(res.body.eersteBreuk.toelichting).toMatch(/gewijzigd/);
  });
});
