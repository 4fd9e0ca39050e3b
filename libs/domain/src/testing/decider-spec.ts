import { CommandMetadata, Decider, DomainError, DomainErrorKind, fold } from '../shared';

/** A command as a test writes it: metadata may be left out and comes from the spec defaults. */
export type SpecCommand<C> = C extends { metadata: CommandMetadata } ? Omit<C, 'metadata'> & { metadata?: CommandMetadata } : C;

/** Deep-partial shape for `thenMatches`: only the fields a test cares about. */
export type EventShape<E> = E extends { type: infer T; data: infer D } ? { type: T; data?: Partial<D> } : never;

export const SPEC_METADATA: CommandMetadata = { now: '2025-03-10T09:00:00Z', actor: { id: 'gebruiker-projectleider', role: 'projectleider' } };

/**
 * given/when/then for any Decider:
 *   const spec = deciderSpec(kaderDecider);
 *   spec.given([gestart]).when(command).then([event]);
 *   spec.given([]).when(command).thenThrows('kader-niet-gevonden');
 */
export const deciderSpec = <S, C, E>(decider: Decider<S, C, E>, defaults: { metadata?: CommandMetadata } = {}) => ({
  given: (events: E[]) => ({
    when: (command: SpecCommand<C>) => {
      const metadata = (command as { metadata?: CommandMetadata }).metadata ?? defaults.metadata ?? SPEC_METADATA;
      const state = fold(decider, events);
      const run = () => decider.decide({ ...command, metadata } as C, state);
      const caught = (): DomainError => {
        try {
          const produced = run();
          throw new Error(`Expected a DomainError, but the command produced: ${JSON.stringify(produced)}`);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          return e;
        }
      };
      return {
        /** Exactly these events, field for field. */
        then: (expected: E[]) => {
          const produced = run();
          expect(produced).toEqual(expected);
          return produced;
        },
        /** These event types in this order, each containing at least the given data. */
        thenMatches: (expected: EventShape<E>[]) => {
          const produced = run();
          expect(produced).toMatchObject(expected);
          return produced;
        },
        /** An idempotent repeat: accepted, nothing new happens. */
        thenNothing: () => expect(run()).toEqual([]),
        /** Fails with this DomainError code (and kind, when given); returns it for checks on reasons. */
        thenThrows: (code: string, kind?: DomainErrorKind): DomainError => {
          const error = caught();
          expect({ code: error.code, ...(kind ? { kind: error.kind } : {}) }).toEqual({ code, ...(kind ? { kind } : {}) });
          return error;
        },
        /** The state after applying what the command produced. */
        thenState: (): S => run().reduce(decider.evolve, state),
      };
    },
  }),
});
