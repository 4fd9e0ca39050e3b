/**
 * The Decider pattern: decide turns a command and the current state into new events (or throws a
 * DomainError), evolve folds one event into the state and never fails. No clock, no randomness:
 * time and generated ids come in on the command.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
  /**
   * Optional: an evolve for one owner of a state, which may change in place what this evolver made
   * itself (and only that), so a long-lived state is not copied on every event. The states it gives
   * are the ones evolve gives; the owner keeps them to itself and goes on only with this evolver.
   */
  evolver?(): (state: State, event: Event) => State;
}

/** The evolve for an owner that keeps its state to itself: the decider's own evolver where it has one. */
export const ownedEvolve = <State, Event>(decider: Pick<Decider<State, unknown, Event>, 'evolve' | 'evolver'>): ((state: State, event: Event) => State) =>
  decider.evolver ? decider.evolver() : decider.evolve;

/** A domain event as the domain sees it: a past-tense PascalCase type and plain data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** What every command carries besides its data. */
export interface CommandMetadata {
  /** The instant the command is handled (ISO 8601). The only clock the domain sees. */
  now: string;
  /** Who issues it (from the token). */
  actor: { id: string; role: string; organisation?: string };
}

export interface DomainCommand<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** The state after `events`, from the initial state; nothing else sees the states in between, so the decider's evolver may work in place. */
export const fold = <State, Event>(decider: Pick<Decider<State, unknown, Event>, 'evolve' | 'evolver' | 'initialState'>, events: Event[]): State =>
  events.reduce(ownedEvolve(decider), decider.initialState);

/** Compile-time proof that a switch handled every case. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
