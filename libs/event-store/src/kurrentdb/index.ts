export { KurrentDbEventStore } from './kurrentdb-event-store';
export type { KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { toExpectedRevision, toVersion, satisfies, toWrongExpectedVersion, toEventData, toStoredEvent, toGlobalPosition } from './mapping';
export type { KurrentMetadata, RecordedLike } from './mapping';
