import { describeEventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;
if (!url) {
  // Reached only outside jest.kurrentdb.config.js (which refuses to start without the URL).
  throw new Error('KURRENTDB_URL is not set: run this suite with `npx jest -c jest.kurrentdb.config.js` against a KurrentDB server.');
}

// A fresh namespace per store: the server is shared and keeps everything, each test sees an empty store.
let run = 0;
const prefix = `contract${Date.now().toString(36)}`;

describeEventStoreContract('KurrentDbEventStore', async ({ clock }) =>
  KurrentDbEventStore.connect(url, { namespace: `${prefix}n${run++}.`, clock }),
);
