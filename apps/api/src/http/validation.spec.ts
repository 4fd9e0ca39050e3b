import { ValidationPipe } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import { Type } from 'class-transformer';
import { Allow, getMetadataStorage, IsDefined, IsIn, IsOptional, IsString, MaxLength, validate, ValidateIf, ValidateBy } from 'class-validator';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PlanMijlpaalDto, StartKaderDto } from '../kaders/kader.dto';
import { ProblemException } from './problem';
import { isFlatDto, rememberValidationRules, ValidBodyCheck, VALIDATION_OPTIONS, validationPipe } from './validation';

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

/** Where @nestjs/swagger keeps the options of a property's @ApiProperty (its documented example among them). */
const API_PROPERTY = 'swagger/apiModelProperties';

describe('the validation pipe', () => {
  // Every DTO class of the api: each class in a *.dto.ts file that has validation rules.
  const dtoClasses = (): Function[] => {
    const root = join(__dirname, '..');
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.dto.ts'));
    const classes = files.flatMap((f) => Object.values(require(join(root, f)) as Record<string, unknown>))
      .filter((v): v is Function => typeof v === 'function' && getMetadataStorage().getTargetValidationMetadatas(v, '', false, false).length > 0);
    return [...new Set(classes)];
  };
  const outcome = async (pipe: ValidationPipe, metatype: Function, body: unknown) => {
    try {
      const value = await pipe.transform(body, { type: 'body', metatype: metatype as never });
      return { ok: value, proto: Object.getPrototypeOf(value) };
    } catch (error) {
      const p = error as ProblemException;
      return { status: p.status, detail: p.detail, extra: p.extra };
    }
  };

  it('tells a flat DTO class from one class-transformer has work in', () => {
    expect(isFlatDto(PlanMijlpaalDto)).toBe(true);
    expect(isFlatDto(StartKaderDto)).toBe(false); // periode: @ValidateNested with @Type
    class MetEenMethode {
      @IsString()
      titel!: string;
      kort() {
        return this.titel.slice(0, 3);
      }
    }
    class MetType {
      @IsString()
      @Type(() => String)
      titel!: string;
    }
    class ZonderRegels {
      titel?: string;
    }
    expect([MetEenMethode, MetType, ZonderRegels].map((c) => isFlatDto(c))).toEqual([false, false, false]);
    expect(dtoClasses().filter((c) => isFlatDto(c)).length).toBeGreaterThan(20);
  });

  it('makes a flat DTO\'s body without class-transformer, and a nested one with it', async () => {
    const copy = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      const pipe = validationPipe();
      const dto = await pipe.transform({ titel: 'Startnotitie', fase: 'opdracht', deadline: '2027-03-01', eigenaar: 'projectleider' }, { type: 'body', metatype: PlanMijlpaalDto });
      expect(dto).toBeInstanceOf(PlanMijlpaalDto);
      expect(copy).not.toHaveBeenCalled();
      await pipe.transform({ titel: 'Kader', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' }, { type: 'body', metatype: StartKaderDto });
      expect(copy).toHaveBeenCalled();
    } finally {
      copy.mockRestore();
    }
  });

  it('takes a flat DTO\'s body that passes every rule without asking class-validator, and asks it about one that does not', async () => {
    const pipe = validationPipe();
    const asked = jest.spyOn(pipe as unknown as { validate: (...args: unknown[]) => unknown }, 'validate');
    const dto = await pipe.transform({ titel: 'Startnotitie', fase: 'opdracht', deadline: '2027-03-01', eigenaar: 'projectleider' }, { type: 'body', metatype: PlanMijlpaalDto });
    expect(dto).toBeInstanceOf(PlanMijlpaalDto);
    expect(asked).not.toHaveBeenCalled();
    await expect(pipe.transform({ titel: 'Startnotitie', fase: 'opdracht', deadline: '2027-02-30', eigenaar: 'projectleider' }, { type: 'body', metatype: PlanMijlpaalDto }))
      .rejects.toMatchObject({ status: 400, extra: { fouten: [{ veld: 'deadline', melding: 'deadline is geen bestaande datum' }] } });
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('answers every body of every DTO of the api as Nest\'s own ValidationPipe does', async () => {
    const ours = validationPipe();
    const nest = new ValidationPipe(VALIDATION_OPTIONS);
    for (const metatype of dtoClasses()) {
      const names = [...new Set(getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false).map((r) => r.propertyName))];
      // Bodies with the class's own fields (and an unknown one now and then), holding any JSON value or a value of a shape the rules ask for.
      const field = fc.oneof(fc.constantFrom(...names), fc.constantFrom('onbekend', '__proto__', 'constructor'));
      const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.constantFrom('2027-03-01', 'opdracht', 'GM0546', 'lokaal'), fc.array(fc.string(), { maxLength: 3 }));
      await fc.assert(
        fc.asyncProperty(fc.dictionary(field, value, { maxKeys: names.length + 1 }), async (body) => {
          const text = JSON.stringify(body);
          expect(await outcome(ours, metatype, JSON.parse(text))).toEqual(await outcome(nest, metatype, JSON.parse(text)));
        }),
        { numRuns: 60 },
      );
    }
  });

  it('answers bodies near each DTO\'s documented example as Nest\'s own ValidationPipe does', async () => {
    const ours = validationPipe();
    const nest = new ValidationPipe(VALIDATION_OPTIONS);
    let accepted = 0;
    for (const metatype of dtoClasses().filter((c) => isFlatDto(c))) {
      const names = [...new Set(getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false).map((r) => r.propertyName))];
      const example = (name: string) => (Reflect.getMetadata(API_PROPERTY, metatype.prototype, name) as { example?: unknown } | undefined)?.example;
      // Each field its documented example, or left out, or another value; valid bodies are common, so the check of a valid body is exercised.
      const field = (name: string) => fc.oneof(
        { weight: 6, arbitrary: fc.constant(example(name)) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.string({ maxLength: 3 }), fc.constantFrom('', ' ', '2027-02-30', '1', 'x'.repeat(301))) },
      );
      const body = fc.tuple(fc.record(Object.fromEntries(names.map((n) => [n, field(n)]))), fc.boolean())
        .map(([fields, unknown]) => ({ ...JSON.parse(JSON.stringify(fields)) as object, ...(unknown ? { onbekend: 1 } : {}) }));
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const [mine, theirs] = [await outcome(ours, metatype, structuredClone(value)), await outcome(nest, metatype, structuredClone(value))];
          expect(mine).toEqual(theirs);
          if ('ok' in theirs) accepted++;
        }),
        { numRuns: 40 },
      );
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('the check of a valid body', () => {
  const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
  // A constraint that answers later: class-validator awaits it, so the check must leave such a class to class-validator.
  const later = () => ValidateBy({ name: 'later', async: true, validator: { validate: async (value) => value !== 'nee' } });

  class Verzoek {
    @IsString()
    @MaxLength(5)
    naam!: unknown;
    @IsOptional()
    @IsIn(['a', 'b'])
    soort?: unknown;
    @ValidateIf((o: Verzoek) => o.soort === 'b')
    @IsDefined()
    @IsString()
    reden?: unknown;
    @IsString({ each: true })
    @MaxLength(1, { each: true })
    labels!: unknown;
    @Allow()
    vrij?: unknown;
    // A check with a condition of its own: only when naam is 'a'.
    @IsOptional()
    @IsIn(['j'], { validateIf: (o: Verzoek) => o.naam === 'a' })
    code?: unknown;
  }
  class Traag {
    @IsString()
    @later()
    naam!: unknown;
  }

  it('passes exactly the values class-validator finds nothing wrong with', async () => {
    const check = new ValidBodyCheck(options);
    // Each field mostly a value that passes, else one that does not, or left out: about one body in five passes.
    const mostly = <T, U>(good: T[], bad: U[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
    const body = fc.record({
      naam: mostly(['a', 'abcde'], ['abcdef', 1, undefined]),
      soort: fc.constantFrom('a', 'b', 'c', null, undefined),
      reden: fc.constantFrom('r', 1, undefined),
      labels: mostly([[], ['x', 'y', 'z'], 'x', new Set(['x']), new Map([['k', 'x']])], [[1], ['xx'], new Set(['xx']), new Map([['k', 1]]), undefined]),
      vrij: fc.jsonValue({ maxDepth: 1 }),
      code: fc.constantFrom('j', 'k', undefined),
      onbekend: mostly([undefined], [1]),
    }).map((fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    let passed = 0;
    await fc.assert(
      fc.asyncProperty(body, async (body) => {
        const entity = Object.assign(new Verzoek(), body);
        const errors = await validate(entity, options);
        expect(check.passes(entity)).toBe(errors.length === 0);
        if (errors.length === 0) passed++;
      }),
      { numRuns: 400 },
    );
    expect(passed).toBeGreaterThan(10);
  });

  it('leaves to class-validator a class with a constraint that answers later, and options it does not follow', async () => {
    const entity = Object.assign(new Traag(), { naam: 'ja' });
    expect(await validate(entity, options)).toEqual([]);
    expect(new ValidBodyCheck(options).passes(entity)).toBe(false);
    const verzoek = Object.assign(new Verzoek(), { naam: 'a', labels: [] });
    expect(new ValidBodyCheck(options).passes(verzoek)).toBe(true);
    expect(new ValidBodyCheck({ ...options, groups: ['beheer'] }).passes(verzoek)).toBe(false);
    expect(new ValidBodyCheck({ ...options, skipMissingProperties: true }).passes(verzoek)).toBe(false);
  });
});
