import { assertNever, Decider, DomainCommand, DomainEvent, invalid } from '../shared';
import { deciderSpec } from './decider-spec';

// A toy counter, to check that the helper fails when behaviour differs from the expectation.
type Telling = DomainCommand<'Tel', { aantal: number }>;
type Geteld = DomainEvent<'Geteld', { aantal: number; op: string }>;
const teller: Decider<number, Telling, Geteld> = {
  decide: (command, totaal) => {
    switch (command.type) {
      case 'Tel':
        if (command.data.aantal < 0) throw invalid('negatief', 'Niet negatief');
        return command.data.aantal === 0 ? [] : [{ type: 'Geteld', data: { aantal: totaal + command.data.aantal, op: command.metadata.now } }];
      default:
        return assertNever(command.type);
    }
  },
  evolve: (_, e) => e.data.aantal,
  initialState: 0,
};
const spec = deciderSpec(teller, { metadata: { now: '2025-01-01T00:00:00Z', actor: { id: 'gebruiker-1', role: 'tester' } } });
const geteld = (aantal: number): Geteld => ({ type: 'Geteld', data: { aantal, op: '2025-01-01T00:00:00Z' } });

describe('deciderSpec', () => {
  it('slaagt als de events overeenkomen en vult de metadata aan', () => {
    spec.given([geteld(2)]).when({ type: 'Tel', data: { aantal: 3 } }).then([geteld(5)]);
    spec.given([]).when({ type: 'Tel', data: { aantal: 1 } }).thenMatches([{ type: 'Geteld', data: { aantal: 1 } }]);
    spec.given([]).when({ type: 'Tel', data: { aantal: 0 } }).thenNothing();
    expect(spec.given([geteld(2)]).when({ type: 'Tel', data: { aantal: 1 } }).thenState()).toBe(3);
  });

  it('faalt als de events afwijken', () => {
    expect(() => spec.given([geteld(2)]).when({ type: 'Tel', data: { aantal: 3 } }).then([geteld(4)])).toThrow();
    expect(() => spec.given([]).when({ type: 'Tel', data: { aantal: 1 } }).thenNothing()).toThrow();
  });

  it('vangt een DomainError op code en soort, en faalt als er geen fout komt of een andere', () => {
    expect(spec.given([]).when({ type: 'Tel', data: { aantal: -1 } }).thenThrows('negatief', 'invalid').title).toBe('Niet negatief');
    expect(() => spec.given([]).when({ type: 'Tel', data: { aantal: 1 } }).thenThrows('negatief')).toThrow(/Expected a DomainError/);
    expect(() => spec.given([]).when({ type: 'Tel', data: { aantal: -1 } }).thenThrows('positief')).toThrow();
    expect(() => spec.given([]).when({ type: 'Tel', data: { aantal: -1 } }).thenThrows('negatief', 'conflict')).toThrow();
  });
});
