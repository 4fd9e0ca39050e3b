import type { StoredEvent } from '../../event-store/src';
import { Abonnement, actieFor, matches, notificatieFor } from './notificatie';

const stored = (type: string, streamId: string, data: Record<string, unknown>): StoredEvent => ({
  eventId: 'e-1',
  streamId,
  version: 3,
  globalPosition: 42,
  type,
  schemaVersion: 1,
  data,
  metadata: { actor: { id: 'secretaris-1', role: 'secretaris' }, correlationId: 'c-1' },
  occurredAt: '2025-05-12T10:00:00.000Z',
  recordedAt: '2025-05-12T10:00:01.000Z',
  hash: 'h',
  prevHash: null,
});

const BASE = 'https://kaderflow.example.nl/api/v1/';

describe('notificatieFor', () => {
  it('given an actiepunt event, then the message points at the werkgroep and the actiepunt, without the content', () => {
    const message = notificatieFor(
      stored('ActiepuntVerschoven', 'werkgroep-wg-7', { werkgroepId: 'wg-7', actiepuntId: 'ap-3', kaderId: 'k-2026', deadline: '2025-07-01', reden: 'Wacht op ETHOS-telling' }),
      BASE,
    );
    expect(message).toEqual({
      kanaal: 'werkgroepen',
      hoofdObject: 'https://kaderflow.example.nl/api/v1/werkgroepen/wg-7',
      resource: 'actiepunt',
      resourceUrl: 'https://kaderflow.example.nl/api/v1/werkgroepen/wg-7/actiepunten/ap-3',
      actie: 'update',
      aanmaakdatum: '2025-05-12T10:00:01.000Z',
      kenmerken: { eventType: 'ActiepuntVerschoven', kaderId: 'k-2026' },
    });
    expect(JSON.stringify(message)).not.toContain('ETHOS');
  });

  it('puts a besluit on the besluiten kanaal and a besluitenlijst on its vergadering', () => {
    expect(notificatieFor(stored('BesluitGenomen', 'vergadering-v-1', { besluitId: 'b-9', vergaderingId: 'v-1', uitkomst: 'vastgesteld' }), BASE)).toMatchObject({
      kanaal: 'besluiten',
      resource: 'besluit',
      resourceUrl: 'https://kaderflow.example.nl/api/v1/besluiten/b-9',
      actie: 'create',
      kenmerken: { uitkomst: 'vastgesteld' },
    });
    expect(notificatieFor(stored('BesluitenlijstGepubliceerd', 'vergadering-v-1', { vergaderingId: 'v-1' }), BASE)).toMatchObject({
      kanaal: 'vergaderingen',
      resource: 'besluitenlijst',
      resourceUrl: 'https://kaderflow.example.nl/api/v1/vergaderingen/v-1/besluitenlijst',
    });
  });

  it('falls back to the stream id when the data does not name the main object', () => {
    expect(notificatieFor(stored('MijlpaalGepland', 'mijlpaal-m-1', {}), BASE)?.hoofdObject).toBe('https://kaderflow.example.nl/api/v1/mijlpalen/m-1');
  });

  it('publishes nothing for events that belong to no kanaal', () => {
    expect(notificatieFor(stored('IdempotencyKeyRecorded', 'x-1', {}), BASE)).toBeUndefined();
  });

  it.each([
    ['VergaderingGepland', 'create'],
    ['WerkgroepOpgeheven', 'destroy'],
    ['BesluitIngetrokken', 'destroy'],
    ['BesluitGerectificeerd', 'update'],
  ])('%s is a %s', (type, actie) => {
    expect(actieFor(type)).toBe(actie);
  });
});

describe('matches', () => {
  const message = notificatieFor(stored('BesluitGenomen', 'vergadering-v-1', { besluitId: 'b-9', kaderId: 'k-2026', gremium: 'directeurenoverleg' }), BASE)!;
  const abonnement = (kanalen: Abonnement['kanalen']): Abonnement => ({ id: 'ab-1', callbackUrl: 'http://127.0.0.1/cb', kanalen });

  it('given a subscription to the kanaal without filters, then every message on it matches', () => {
    expect(matches(abonnement([{ naam: 'besluiten', filters: {} }]), message)).toBe(true);
  });

  it('given another kanaal, then it does not match', () => {
    expect(matches(abonnement([{ naam: 'mijlpalen', filters: {} }]), message)).toBe(false);
  });

  it('requires every filter to match a kenmerk, resource or actie', () => {
    expect(matches(abonnement([{ naam: 'besluiten', filters: { gremium: 'directeurenoverleg', actie: 'create' } }]), message)).toBe(true);
    expect(matches(abonnement([{ naam: 'besluiten', filters: { gremium: 'directeurenoverleg', actie: 'destroy' } }]), message)).toBe(false);
    expect(matches(abonnement([{ naam: 'besluiten', filters: { gremium: 'bestuurscommissie-maatschappij' } }]), message)).toBe(false);
  });

  it('accepts * only for kenmerken the message has', () => {
    expect(matches(abonnement([{ naam: 'besluiten', filters: { kaderId: '*' } }]), message)).toBe(true);
    expect(matches(abonnement([{ naam: 'besluiten', filters: { subregio: '*' } }]), message)).toBe(false);
  });

  it('matches when any one of several kanalen does', () => {
    expect(matches(abonnement([{ naam: 'mijlpalen', filters: {} }, { naam: 'besluiten', filters: { kaderId: 'k-2026' } }]), message)).toBe(true);
  });
});
