import { IsString, validate } from 'class-validator';
import { rememberValidationRules } from './validation';

describe('remembered validation rules', () => {
  it('given a class validated once, then its rules are not looked up again until a rule is added', async () => {
    class Opdracht {
      @IsString()
      titel!: unknown;
      reden?: unknown;
    }
    rememberValidationRules();
    rememberValidationRules(); // once is enough; twice changes nothing
    const check = async (value: object) => (await validate(Object.assign(new Opdracht(), value), { forbidUnknownValues: true })).map((e) => e.property);

    expect(await check({ titel: 3, reden: 4 })).toEqual(['titel']);
    expect(await check({ titel: 'ok', reden: 4 })).toEqual([]);
    // A rule added later (a class loaded late) is seen at once.
    IsString()(Opdracht.prototype, 'reden');
    expect(await check({ titel: 'ok', reden: 4 })).toEqual(['reden']);
  });

  it('looks a class up in the store once, and a lookup with groups each time', () => {
    let lookups = 0;
    const store = {
      getTargetValidationMetadatas: (..._args: unknown[]) => (lookups++, [{ propertyName: 'titel' }]),
      groupByPropertyName: (rules: object[]) => ({ titel: rules }),
      addValidationMetadata: (_rule: object) => undefined,
      addConstraintMetadata: (_constraint: object) => undefined,
    };
    rememberValidationRules(store as never);
    class A {}
    const lookup = (groups?: string[]) => store.getTargetValidationMetadatas(A, undefined, false, false, groups);
    const first = lookup();
    expect(lookup()).toBe(first);
    expect(store.groupByPropertyName(first)).toBe(store.groupByPropertyName(first));
    expect(lookups).toBe(1);
    lookup(['beheer']);
    store.addValidationMetadata({});
    lookup();
    expect(lookups).toBe(3);
  });
});
