import { describeEventStoreContract } from '../contract/event-store.contract';
import { fakeKurrentDbClient } from './fake-kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The driver's own logic (revision pinning, hash chain, idempotency claims, $all filtering) against a
// test double of the client. The real server runs the same suite via jest.kurrentdb.config.js.
describeEventStoreContract('KurrentDbEventStore on a fake client', async ({ clock }) =>
  new KurrentDbEventStore(fakeKurrentDbClient(), { namespace: 'kaderflow.', clock }),
);
