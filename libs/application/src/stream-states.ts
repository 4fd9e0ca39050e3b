import { Decider, ownedEvolve } from '../../domain/src/shared';

/** A stream's folded state as of `version`, the last decision made on it in this process. */
export interface KnownState {
  state: unknown;
  version: number;
  /** Global position of the stream's last event. */
  position: number;
  /**
   * The evolve that made `state` and goes on from it (the decider's evolver: it changes in place what
   * it made, so a long stream's records are not copied on every command). The state is this entry's
   * alone: nothing outside handleCommand keeps it.
   */
  evolve: (state: any, event: any) => unknown;
}

/** A state just folded from the stream, with the evolve to go on from it. */
export const freshState = (decider: Decider<any, any, any>, events: Array<{ type: string; data: unknown }>, version: number, position: number): KnownState => {
  const evolve = ownedEvolve(decider);
  return { state: events.reduce(evolve, decider.initialState), version, position, evolve };
};

/**
 * The state of recently decided streams, so a command need not read and fold its whole stream
 * again. It is a guess, never the truth: the append still names the version the state was folded
 * to, so a stream that moved on elsewhere (another api copy, the process manager) fails the append
 * and the command is decided again on a fresh read. Least recently used streams are dropped first.
 */
export class StreamStates {
  private readonly entries = new Map<string, KnownState & { decider: Decider<unknown, unknown, unknown> }>();
  /** Per stream with a command under way in this process: who waits for it, first come first. */
  private readonly turns = new Map<string, Array<() => void>>();

  constructor(private readonly limit = 1_000) {}

  get(decider: Decider<any, any, any>, streamId: string): KnownState | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  set(decider: Decider<any, any, any>, streamId: string, known: KnownState): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, { ...known, decider });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
    }
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `work` when no other command on the stream is under way in this process, in the order they
   * came. Commands on one kader then never race each other here: each decides on the state the one
   * before it left, instead of all deciding on the same state and all but one being refused by the
   * store, read again and decided again (and after a few lost races answered 409). Streams without a
   * command under way cost a lookup; other processes still race, and the expected version settles that.
   */
  async inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const waiting = this.turns.get(streamId);
    if (waiting) await new Promise<void>((resolve) => waiting.push(resolve));
    else this.turns.set(streamId, []);
    try {
      return await work();
    } finally {
      const next = this.turns.get(streamId)!.shift();
      if (next) next();
      else this.turns.delete(streamId);
    }
  }

  /** Streams with a command under way in this process. */
  get underWay(): number {
    return this.turns.size;
  }
}
