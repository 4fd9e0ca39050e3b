import { DEMO_KADER_ID, loadDemo } from '../../libs/demo/src';
import { createTestApp, TestApp } from '../support/test-app';

describe('the demo data set', () => {
  let t: TestApp;
  let lezer: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-23T09:00:00.000Z' });
    lezer = `Bearer ${await t.token('lezer')}`;
    await loadDemo({ store: t.runtime.store, setNow: t.setNow });
    t.setNow('2026-11-23T09:00:00.000Z');
  });
  afterAll(() => t.close());

  it('shows a living kader in besluitvorming with 9 of 13 local adoptions', async () => {
    const head = await t.runtime.store.headPosition();
    const res = await t.http.get(`/api/v1/kaders/${DEMO_KADER_ID}?naPositie=${head}`).set('Authorization', lezer).expect(200);
    expect(res.body).toMatchObject({ fase: 'besluitvorming', volgendeFase: 'vastgesteld' });
    expect(res.body.lokaleVaststelling.vastgesteld).toBe(9);
    expect(res.body.blokkades.join(' ')).toMatch(/Lisse/);
    expect(res.body.faseGeschiedenis.map((s: { fase: string }) => s.fase)).toEqual(['opdracht', 'plan-van-aanpak', 'inventarisatie', 'participatie-en-uitwerking', 'concept-kader', 'besluitvorming']);
    expect(res.body.volgendeMijlpaal.titel).toBe('Lokale vaststelling door alle 13 gemeenten');
  });

  it('records the past as it was: in June 2025 the kader was in inventarisatie', async () => {
    const res = await t.http.get(`/api/v1/kaders/${DEMO_KADER_ID}?peilmoment=2025-06-20`).set('Authorization', lezer).expect(200);
    expect(res.body.fase).toBe('inventarisatie');
  });

  it('loads only once', async () => {
    const again = await loadDemo({ store: t.runtime.store, setNow: t.setNow });
    expect(again).toMatchObject({ alGeladen: true, events: 0 });
  });

  it('names no real people: every actor is a demo role', async () => {
    const events = await t.runtime.store.readAll({ limit: 10_000 });
    const names = new Set(events.map((e) => e.metadata.actor.displayName ?? ''));
    for (const name of names) expect(name).toMatch(/\(demo\)$/);
  });
});
