import { DomainCommand, DomainEvent } from '../../../../libs/domain/src/shared';

/** The erasure of a person's personal data, recorded as an event so the audit trail shows who did it and when. */
export type VergeetPersoon = DomainCommand<'VergeetPersoon', { personId: string }>;
export type PersoonVergeten = DomainEvent<'PersoonVergeten', { personId: string; vergetenOp: string }>;

export const persoonStreamId = (personId: string) => `persoon-${personId}`;

export const persoonDecider = {
  initialState: { vergeten: false },
  decide(command: VergeetPersoon, state: { vergeten: boolean }): PersoonVergeten[] {
    // A repeat changes nothing: the name is already gone.
    if (state.vergeten) return [];
    return [{ type: 'PersoonVergeten', data: { personId: command.data.personId, vergetenOp: command.metadata.now } }];
  },
  evolve: (_state: { vergeten: boolean }, _event: PersoonVergeten) => ({ vergeten: true }),
};
