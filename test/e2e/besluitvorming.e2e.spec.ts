import { GEMEENTEN } from '../../libs/reference-data/src';
import { createTestApp, TestApp } from '../support/test-app';

const BC = 'bestuurscommissie-maatschappij';
const DO = 'directeurenoverleg';

/** A CSV line split on ; outside quotes, with "" unescaped. */
const parseCsv = (csv: string): string[][] =>
  csv.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((line) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = !quoted;
      else if (c === ';' && !quoted) { cells.push(cell); cell = ''; }
      else cell += c;
    }
    return [...cells, cell];
  });

describe('besluitvorming over HTTP: from agenda to besluitenlijst, and the kader following the besluiten', () => {
  let t: TestApp;
  const auth: Record<string, string> = {};
  let kaderId: string;
  let bcVergadering: string;
  let besluitAp2: string;

  const bearer = async (rol: Parameters<TestApp['token']>[0], organisatie?: string) => `Bearer ${await t.token(rol, organisatie)}`;

  beforeAll(async () => {
    t = await createTestApp({ now: '2025-03-03T09:00:00.000Z' });
    auth.directeur = await bearer('directeur', DO);
    auth.projectleider = await bearer('projectleider');
    auth.secretarisBc = await bearer('secretaris', BC);
    auth.secretarisDo = await bearer('secretaris', DO);
    auth.lezer = await bearer('lezer');
  });
  afterAll(() => t.close());

  const kader = (positie = 0) => t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${positie}`).set('Authorization', auth.lezer).expect(200).then((r) => r.body);
  const naarFase = (fase: string, status = 201) =>
    t.http.post(`/api/v1/kaders/${kaderId}/fase-overgangen`).set('Authorization', auth.projectleider).send({ naarFase: fase }).expect(status);

  const planVergadering = async (token: string, gremium: string, datum: string, titel: string) =>
    (await t.http.post('/api/v1/vergaderingen').set('Authorization', token).send({ gremium, datum, titel }).expect(201)).body.vergaderingId as string;
  const agendapunt = async (token: string, vergaderingId: string, body: object) =>
    (await t.http.post(`/api/v1/vergaderingen/${vergaderingId}/agendapunten`).set('Authorization', token).send(body).expect(201)).body.agendapuntId as string;
  const besluit = (token: string, vergaderingId: string, agendapuntId: string, body: object) =>
    t.http.post(`/api/v1/vergaderingen/${vergaderingId}/agendapunten/${agendapuntId}/besluiten`).set('Authorization', token).send(body);

  it('walks the kader to concept-kader on a besluit of the directeurenoverleg about the plan van aanpak', async () => {
    kaderId = (await t.http.post('/api/v1/kaders').set('Authorization', auth.directeur)
      .send({ titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: DO }).expect(201)).body.kaderId;
    await t.http.put(`/api/v1/kaders/${kaderId}/projectleider`).set('Authorization', auth.directeur).send({ projectleiderId: 'user-pl-1' }).expect(200);
    await naarFase('plan-van-aanpak');
    await naarFase('inventarisatie', 409);

    t.setNow('2025-03-13T09:00:00.000Z');
    const doVergadering = await planVergadering(auth.secretarisDo, DO, '2025-03-12', 'Directeurenoverleg maart');
    const ap = await agendapunt(auth.secretarisDo, doVergadering, { volgnummer: 1, titel: 'Plan van aanpak beleidskader', onderwerp: 'plan-van-aanpak', kaderId });
    const genomen = await besluit(auth.secretarisDo, doVergadering, ap, { uitkomst: 'vastgesteld', besluittekst: 'Het plan van aanpak wordt vastgesteld.', datum: '2025-03-12' }).expect(201);
    const stand = await kader(genomen.body.positie);
    expect(stand.besluiten).toEqual([expect.objectContaining({ besluitId: genomen.body.besluitId, gremium: DO, onderwerp: 'plan-van-aanpak' })]);
    await naarFase('inventarisatie');
    await naarFase('participatie-en-uitwerking');
    await naarFase('concept-kader');
  });

  it('does not let a besluit of the wrong gremium unblock besluitvorming, and says why', async () => {
    t.setNow('2025-09-10T17:00:00.000Z');
    const doVergadering = await planVergadering(auth.secretarisDo, DO, '2025-09-10', 'Directeurenoverleg september');
    const ap = await agendapunt(auth.secretarisDo, doVergadering, { volgnummer: 1, titel: 'Concept-kader', onderwerp: 'concept-kader', kaderId });
    await besluit(auth.secretarisDo, doVergadering, ap, { uitkomst: 'voorgenomen-besluit', besluittekst: 'Het concept gaat naar de bestuurscommissie.', datum: '2025-09-10' }).expect(201);
    const res = await naarFase('besluitvorming', 409);
    expect(res.body.redenen.join(' ')).toMatch(/genomen door Directeurenoverleg, maar alleen een besluit van Bestuurscommissie Maatschappij telt/);
  });

  it('records a bestuurscommissie meeting; a secretaris of another gremium gets 403', async () => {
    t.setNow('2025-10-10T09:00:00.000Z');
    bcVergadering = await planVergadering(auth.secretarisBc, BC, '2025-10-08', 'Bestuurscommissie Maatschappij');
    await t.http.post('/api/v1/vergaderingen').set('Authorization', auth.secretarisDo).send({ gremium: BC, datum: '2025-10-09', titel: 'Niet van mij' }).expect(403);
    const voorstel = { titel: 'Voorstel concept-kader', samenvatting: 'Voorgenomen besluit over het concept.', documenten: [{ titel: 'Concept-kader 0.9', url: 'https://documenten.example.org/concept-0.9.pdf', hash: 'sha256:ab12cd' }] };
    const ap1 = await agendapunt(auth.secretarisBc, bcVergadering, { volgnummer: 1, titel: 'Concept-beleidskader (eerste lezing)', onderwerp: 'concept-kader', kaderId, voorstel });
    const verboden = await besluit(auth.secretarisDo, bcVergadering, ap1, { uitkomst: 'voorgenomen-besluit', besluittekst: 'x', datum: '2025-10-08' }).expect(403);
    expect(verboden.body.detail).toMatch(/secretaris van directeurenoverleg/);
    // A role that may never record besluiten learns nothing about whether a meeting exists.
    await t.http.post('/api/v1/vergaderingen/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b/agendapunten').set('Authorization', auth.lezer).send({ volgnummer: 1, titel: 'x', onderwerp: 'overig' }).expect(403);
    await t.http.post('/api/v1/vergaderingen/7c3e9a10-4b2d-4e8f-9a1b-2c3d4e5f6a7b/agendapunten').set('Authorization', auth.secretarisBc).send({ volgnummer: 1, titel: 'x', onderwerp: 'overig' }).expect(404);

    const eerste = await besluit(auth.secretarisBc, bcVergadering, ap1, { uitkomst: 'voorgenomen-besluit', besluittekst: 'Voorgenomen besluit over het concept-kader.', datum: '2025-10-08' }).expect(201);
    expect((await kader(eerste.body.positie)).blokkades).toEqual([]);

    const ingetrokken = await t.http.post(`/api/v1/besluiten/${eerste.body.besluitId}/_intrekken`).set('Authorization', auth.secretarisBc).send({ reden: 'Genomen op een verouderde versie van het concept.' }).expect(200);
    const na = await kader(ingetrokken.body.positie);
    expect(na.blokkades.join(' ')).toMatch(/is ingetrokken/);
    await naarFase('besluitvorming', 409);

    const ap2 = await agendapunt(auth.secretarisBc, bcVergadering, { volgnummer: 2, titel: 'Concept-beleidskader (herzien)', onderwerp: 'concept-kader', kaderId, voorstel });
    const stemming = { stemmen: [{ stemgerechtigde: 'GM0546', keuze: 'voor' }, { stemgerechtigde: 'GM0484', keuze: 'voor' }, { stemgerechtigde: 'GM0537', keuze: 'tegen' }, { stemgerechtigde: 'GM0553', keuze: 'onthouding' }] };
    const tweede = await besluit(auth.secretarisBc, bcVergadering, ap2, {
      uitkomst: 'voorgenomen-besluit', besluittekst: 'Voorgenomen besluit over het herziene concept.', toelichting: 'Na de tweede lezing.', datum: '2025-10-08', stemming,
      amendementen: [{ titel: 'Amendement ervaringsdeskundigen', tekst: 'Ervaringsdeskundigen in elke werkgroep.', aangenomen: true }],
    }).expect(201);
    besluitAp2 = tweede.body.besluitId;
    await kader(tweede.body.positie);
    await naarFase('besluitvorming');

    const ap3 = await agendapunt(auth.secretarisBc, bcVergadering, { volgnummer: 3, titel: 'Vaststelling beleidskader', onderwerp: 'kader', kaderId });
    await besluit(auth.secretarisBc, bcVergadering, ap3, { uitkomst: 'vastgesteld', besluittekst: 'Het beleidskader wordt vastgesteld.', datum: '2025-10-08' }).expect(201);

    const detail = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}?naPositie=${tweede.body.positie}`).set('Authorization', auth.lezer).expect(200);
    expect(detail.body.agendapunten.map((a: { volgnummer: number }) => a.volgnummer)).toEqual([1, 2, 3]);
    expect(detail.body.agendapunten[0].voorstel.documenten[0].hash).toBe('sha256:ab12cd');
    expect(detail.body.agendapunten[1].besluit.stemming.uitslag).toMatchObject({ uitslag: 'aangenomen', aantallen: { voor: 2, tegen: 1, onthouding: 1 } });
  });

  it('rectifies a besluit: the new text shows, the original stays in the history with the events that made it', async () => {
    t.setNow('2025-10-20T09:00:00.000Z');
    const rect = await t.http.post(`/api/v1/besluiten/${besluitAp2}/rectificaties`).set('Authorization', auth.secretarisBc)
      .send({ besluittekst: 'Voorgenomen besluit over het herziene concept, versie 0.9.', reden: 'Versienummer ontbrak.' }).expect(201);
    const res = await t.http.get(`/api/v1/besluiten/${besluitAp2}?naPositie=${rect.body.positie}`).set('Authorization', auth.lezer).expect(200);
    expect(res.body).toMatchObject({ besluittekst: 'Voorgenomen besluit over het herziene concept, versie 0.9.', versie: 2, status: 'gerectificeerd', datum: '2025-10-08' });
    expect(res.body.versies.map((v: { soort: string; besluittekst: string }) => [v.soort, v.besluittekst])).toEqual([
      ['origineel', 'Voorgenomen besluit over het herziene concept.'],
      ['rectificatie', 'Voorgenomen besluit over het herziene concept, versie 0.9.'],
    ]);
    expect(res.body.versies[1]).toMatchObject({ reden: 'Versienummer ontbrak.', door: { role: 'secretaris' } });
    expect(res.body.gebeurtenissen.map((e: { type: string }) => e.type)).toEqual(['BesluitGenomen', 'BesluitGerectificeerd']);
    expect(res.body.gebeurtenissen[0].occurredAt).toBe('2025-10-08T00:00:00.000Z');
    expect(res.body.kaderGevolgen).toEqual([expect.objectContaining({ type: 'BesluitGekoppeld', causationId: res.body.gebeurtenissen[0].eventId })]);

    const toen = await t.http.get(`/api/v1/besluiten/${besluitAp2}?bekendOp=2025-10-15`).set('Authorization', auth.lezer).expect(200);
    expect([toen.body.besluittekst, toen.body.versies.length]).toEqual(['Voorgenomen besluit over het herziene concept.', 1]);
  });

  it('lists the decision history with filters, newest first, since a meeting and as known on a past date', async () => {
    const lijst = (qs: string) => t.http.get(`/api/v1/besluiten?${qs}`).set('Authorization', auth.lezer).expect(200).then((r) => r.body);
    const alles = await lijst(`kaderId=${kaderId}`);
    expect(alles.totaal).toBe(5);
    expect(alles.items.map((b: { datum: string }) => b.datum)).toEqual([...alles.items.map((b: { datum: string }) => b.datum)].sort().reverse());
    expect((await lijst(`kaderId=${kaderId}&gremium=${BC}`)).totaal).toBe(3);
    expect((await lijst(`kaderId=${kaderId}&uitkomst=vastgesteld`)).totaal).toBe(2);
    expect((await lijst(`kaderId=${kaderId}&datumVan=2025-09-01&datumTot=2025-09-30`)).items.map((b: { gremium: string }) => b.gremium)).toEqual([DO]);
    expect((await lijst(`kaderId=${kaderId}&zoek=herziene`)).items.map((b: { besluitId: string }) => b.besluitId)).toEqual([besluitAp2]);
    const pagina = await lijst(`kaderId=${kaderId}&paginaGrootte=2&pagina=3`);
    expect([pagina.items.length, pagina.aantalPaginas]).toEqual([1, 3]);
    const sinds = await lijst(`kaderId=${kaderId}&sinds=2025-10-16`);
    expect(sinds.items.map((b: { besluitId: string }) => b.besluitId)).toEqual([besluitAp2]);
    const doVergaderingen = await t.http.get(`/api/v1/vergaderingen?gremium=${DO}&van=2025-09-01`).set('Authorization', auth.lezer).expect(200);
    expect(doVergaderingen.body.vergaderingen).toHaveLength(1);
    const sindsVergadering = await lijst(`kaderId=${kaderId}&sindsVergadering=${doVergaderingen.body.vergaderingen[0].vergaderingId}`);
    expect(sindsVergadering.items.every((b: { gremium: string }) => b.gremium === BC)).toBe(true);
    expect(sindsVergadering.totaal).toBe(3);
    const bekend = await lijst(`kaderId=${kaderId}&bekendOp=2025-09-30`);
    expect(bekend.totaal).toBe(2);
    await t.http.get('/api/v1/besluiten?datumVan=gisteren').set('Authorization', auth.lezer).expect(400);
  });

  it('adopts the besluitenlijst, shows it due and overdue for Woo, publishes it with DiWoo metadata, and exports it', async () => {
    t.setNow('2025-10-20T10:00:00.000Z');
    await t.http.post(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/_vaststellen`).set('Authorization', auth.secretarisBc).send({ datum: '2025-10-15' }).expect(200);
    const vastgesteld = await t.http.post(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/_vaststellen`).set('Authorization', auth.secretarisBc).send({ datum: '2025-10-15' }).expect(200);
    const due = await t.http.get(`/api/v1/kaders/${kaderId}/publicaties?naPositie=${vastgesteld.body.positie}`).set('Authorization', auth.projectleider).expect(200);
    expect(due.body).toMatchObject({ tePubliceren: 1, teLaat: 0, publicaties: [{ vergaderingId: bcVergadering, publicerenUiterlijk: '2025-10-29', status: 'te-publiceren' }] });
    const laat = await t.http.get(`/api/v1/kaders/${kaderId}/publicaties?peildatum=2025-10-30`).set('Authorization', auth.projectleider).expect(200);
    expect(laat.body.publicaties[0].status).toBe('te-laat');
    await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/diwoo-metadata`).set('Authorization', auth.lezer).expect(404);
    await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst`).expect(401); // not public before publication

    const gepubliceerd = await t.http.post(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/_publiceren`).set('Authorization', auth.secretarisBc)
      .send({ datum: '2025-10-20', url: 'https://open.example.org/besluitenlijst-2025-10-08.pdf' }).expect(200);
    const diwoo = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/diwoo-metadata?naPositie=${gepubliceerd.body.positie}`).set('Authorization', auth.lezer).expect(200);
    expect(diwoo.body).toMatchObject({
      publisher: { resource: 'https://identifier.overheid.nl/tooi/id/so/so0507' },
      informatiecategorieen: [{ resource: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_3a248e3a' }],
      documenthandelingen: [{ atTime: '2025-10-15' }],
    });
    const openbaar = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst?formaat=csv`).expect(200); // Woo: public once published
    expect(openbaar.headers['content-type']).toMatch(/text\/csv/);
    await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst/diwoo-metadata`).expect(200);
    const na = await t.http.get(`/api/v1/kaders/${kaderId}/publicaties`).set('Authorization', auth.projectleider).expect(200);
    expect(na.body.publicaties[0].status).toBe('gepubliceerd');

    const json = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst`).set('Authorization', auth.lezer).expect(200);
    expect(json.body.agendapunten.map((a: { besluit: { status: string } }) => a.besluit.status)).toEqual(['ingetrokken', 'gerectificeerd', 'genomen']);
    expect(json.body.publicatie).toMatchObject({ datum: '2025-10-20', tijdig: true });
    const [, hash, positie] = /^sha256:([0-9a-f]{64});positie=(\d+)$/.exec(json.body.publicatie.ketenkop)!;
    const nagerekend = await t.http.get(`/api/v1/audit/ketenkop?opPositie=${positie}`).expect(200);
    expect(nagerekend.body.hash).toBe(hash);

    const csv = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst?formaat=csv`).set('Authorization', auth.lezer).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [kop, ...rijen] = parseCsv(csv.text);
    const kolom = (naam: string) => kop.indexOf(naam);
    expect(rijen).toHaveLength(3);
    expect(rijen.map((r) => r[kolom('Gremium')])).toEqual(Array(3).fill('Bestuurscommissie Maatschappij'));
    expect(rijen.map((r) => r[kolom('Vergaderdatum')])).toEqual(Array(3).fill('2025-10-08'));
    expect(rijen.map((r) => r[kolom('Uitkomst')])).toEqual(['Voorgenomen besluit', 'Voorgenomen besluit', 'Vastgesteld']);
    expect(rijen[0][kolom('Intrekking')]).toMatch(/verouderde versie/);
    expect(rijen[1][kolom('Rectificaties')]).toMatch(/versie 2 op 2025-10-20: Versienummer ontbrak/);

    const pdf = await t.http.get(`/api/v1/vergaderingen/${bcVergadering}/besluitenlijst`).set('Authorization', auth.lezer).set('Accept', 'application/pdf')
      .buffer(true).parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (c: Buffer) => parts.push(c)); res.on('end', () => cb(null, Buffer.concat(parts))); }).expect(200);
    const bytes = pdf.body as Buffer;
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(bytes.length).toBeGreaterThan(1500);
    expect(bytes.length).toBeLessThan(500_000);
    expect(bytes.toString('latin1')).toContain('Besluitenlijst Bestuurscommissie Maatschappij');
  });

  it('becomes vastgesteld only when all 13 gemeenten adopted it locally, one of them through its college meeting', async () => {
    t.setNow('2026-01-30T09:00:00.000Z');
    const direct = GEMEENTEN.filter((g) => g.code !== 'GM0484');
    let positie = 0;
    for (const g of direct) {
      const res = await t.http.post(`/api/v1/kaders/${kaderId}/lokale-vaststellingen`).set('Authorization', await bearer('gemeente', g.code))
        .send({ gemeente: g.code, gremium: `raad-${g.code}`, datum: '2026-01-28', uitkomst: 'vastgesteld' }).expect(201);
      positie = res.body.positie;
    }
    await t.http.post(`/api/v1/kaders/${kaderId}/lokale-vaststellingen`).set('Authorization', await bearer('gemeente', 'GM0546'))
      .send({ gemeente: 'GM0484', gremium: 'raad-GM0484', datum: '2026-01-28', uitkomst: 'vastgesteld' }).expect(403);
    const twaalf = await kader(positie);
    expect(twaalf.lokaleVaststelling.vastgesteld).toBe(12);
    expect(twaalf.lokaleVaststelling.perSubregio).toEqual(expect.arrayContaining([expect.objectContaining({ subregio: 'rijnstreek', vastgesteld: 2, totaal: 3 })]));
    const geweigerd = await naarFase('vastgesteld', 409);
    expect(geweigerd.body.redenen.join(' ')).toMatch(/12 gemeenten.*Alphen aan den Rijn/);

    const college = await bearer('secretaris', 'college-GM0484');
    const vergadering = await planVergadering(college, 'college-GM0484', '2026-01-27', 'College van B&W');
    const ap = await agendapunt(college, vergadering, { volgnummer: 1, titel: 'Regionaal beleidskader maatschappelijke zorg', onderwerp: 'kader', kaderId });
    const genomen = await besluit(college, vergadering, ap, { uitkomst: 'vastgesteld', besluittekst: 'Het college stelt het regionale kader vast.', datum: '2026-01-27' }).expect(201);
    const dertien = await kader(genomen.body.positie);
    expect(dertien.lokaleVaststelling.vastgesteld).toBe(13);
    expect(dertien.lokaleVaststelling.perGemeente.find((g: { gemeente: string }) => g.gemeente === 'GM0484').vaststelling).toMatchObject({ gremium: 'college-GM0484', besluitId: genomen.body.besluitId });
    await naarFase('vastgesteld');
    expect((await kader()).fase).toBe('vastgesteld');
  });
});
