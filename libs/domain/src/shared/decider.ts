/**
 * The Decider pattern: decide turns a command and the current state into new events (or throws a
 * DomainError), evolve folds one event into the state and never fails. No clock, no randomness:
 * time and generated ids come in on the command.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

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

export const fold = <State, Event>(decider: Pick<Decider<State, unknown, Event>, 'evolve' | 'initialState'>, events: Event[]): State =>
  events.reduce(decider.evolve, decider.initialState);

/** Compile-time proof that a switch handled every case. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
