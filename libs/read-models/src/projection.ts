import { SqlExecutor } from '../../database/src';
import { StoredEvent } from '../../event-store/src';

/**
 * A read model kept by the projector. `apply` runs inside the transaction that also moves the
 * projection's checkpoint, so rows and checkpoint commit together. Bump `version` when the SQL or
 * logic changes: the projector then rebuilds it from the first event.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Event types this projection reads; others are skipped without a call. */
  readonly eventTypes: readonly string[];
  /** Create tables and indexes (idempotent). */
  migrate(db: SqlExecutor): Promise<void>;
  /** Drop everything it owns, for a rebuild. */
  reset(db: SqlExecutor): Promise<void>;
  apply(tx: SqlExecutor, events: StoredEvent[]): Promise<void>;
}
