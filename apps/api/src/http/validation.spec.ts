import { ValidationPipe } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsString, validate } from 'class-validator';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PlanMijlpaalDto, StartKaderDto } from '../kaders/kader.dto';
import { ProblemException } from './problem';
import { isFlatDto, rememberValidationRules, VALIDATION_OPTIONS, validationPipe } from './validation';

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
});
