import { ANY, BACKWARDS, END, NO_STREAM, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';

/**
 * Test double for the parts of the KurrentDB client the store uses, written from the documented
 * behaviour: 0-based revisions, optimistic appends, StreamNotFoundError on reading a missing stream,
 * a $all with system events in it, and one commit position shared by all events of an append (the
 * prepare position is per event). It lets the contract suite exercise the driver's own logic here,
 * where no server can run; it proves nothing about the server itself.
 */
interface Rec {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: true;
  position: { commit: bigint; prepare: bigint };
}

type Expected = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | bigint;

export const fakeKurrentDbClient = (): EventStoreDBClient => {
  const log: Rec[] = [];
  let offset = 1000n;
  const streamOf = (name: string) => log.filter((r) => r.streamId === name);
  const write = (streamId: string, type: string, revision: bigint, commit: bigint, e: { id: string; data: unknown; metadata?: unknown }) => {
    log.push({ streamId, id: e.id, revision, type, created: new Date(), data: e.data, metadata: e.metadata, isJson: true, position: { commit, prepare: offset } });
    offset += 137n; // record sizes vary: positions are not dense
  };
  // A system event, as the server writes them between ours.
  write('$stats-127.0.0.1:2113', '$statsCollected', 0n, offset, { id: 'sys', data: {} });

  const iterate = (records: Rec[]) => ({
    async *[Symbol.asyncIterator]() {
      for (const event of records) {
        await Promise.resolve();
        yield { event };
      }
    },
    cancel: async () => undefined,
  });

  const client = {
    async appendToStream(name: string, events: unknown, options: { expectedRevision?: Expected } = {}) {
      await new Promise((resolve) => setImmediate(resolve));
      const list = (Array.isArray(events) ? events : [events]) as { id: string; type: string; data: unknown; metadata?: unknown }[];
      const current = streamOf(name);
      const at: bigint | typeof NO_STREAM = current.length ? current[current.length - 1].revision : NO_STREAM;
      const expected = options.expectedRevision ?? ANY;
      const ok = expected === ANY || (expected === NO_STREAM ? at === NO_STREAM : expected === STREAM_EXISTS ? at !== NO_STREAM : at === expected);
      if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: name, expected, current: at });
      const commit = offset;
      let revision = at === NO_STREAM ? -1n : at;
      for (const e of list) write(name, e.type, ++revision, commit, e);
      return { success: true, nextExpectedRevision: revision, position: { commit, prepare: commit } };
    },
    readStream(name: string, options: { fromRevision?: bigint | typeof END | 'start'; direction?: string; maxCount?: number | bigint } = {}) {
      const records = streamOf(name);
      const backwards = options.direction === BACKWARDS;
      let selected = backwards ? [...records].reverse() : records;
      const from = options.fromRevision;
      if (typeof from === 'bigint') selected = selected.filter((r) => (backwards ? r.revision <= from : r.revision >= from));
      if (options.maxCount !== undefined) selected = selected.slice(0, Number(options.maxCount));
      return {
        async *[Symbol.asyncIterator]() {
          await Promise.resolve();
          if (records.length === 0) throw new StreamNotFoundError(undefined, name);
          yield* iterate(selected)[Symbol.asyncIterator]();
        },
        cancel: async () => undefined,
      };
    },
    readAll(options: { fromPosition?: { commit: bigint; prepare: bigint } | 'start' | typeof END; direction?: string } = {}) {
      const backwards = options.direction === BACKWARDS;
      let selected = backwards ? [...log].reverse() : [...log];
      const from = options.fromPosition;
      if (from && typeof from === 'object') {
        selected = selected.filter((r) => r.position.commit > from.commit || (r.position.commit === from.commit && r.position.prepare >= from.prepare));
      }
      return iterate(selected);
    },
    async dispose() {},
  };
  return client as unknown as EventStoreDBClient;
};
