import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** Property decorators with Dutch messages and matching OpenAPI docs, so DTOs stay one line per field. */
type Doc = { description?: string; example?: unknown; required?: boolean };

const doc = (extra: Record<string, unknown>, { description, example, required }: Doc) => {
  const options = { ...extra, ...(description !== undefined && { description }), ...(example !== undefined && { example }) };
  return required === false ? ApiPropertyOptional(options) : ApiProperty(options);
};
const optional = (d: Doc) => (d.required === false ? [IsOptional()] : []);

export const Tekst = (d: Doc & { max?: number } = {}) =>
  applyDecorators(
    ...optional(d),
    IsString({ message: ({ property }) => `${property} moet tekst zijn` }),
    MinLength(1, { message: ({ property }) => `${property} mag niet leeg zijn` }),
    MaxLength(d.max ?? 2000, { message: ({ property, constraints }) => `${property} mag hoogstens ${constraints[0]} tekens lang zijn` }),
    doc({ type: String, maxLength: d.max ?? 2000 }, d),
  );

export const Id = (d: Doc = {}) =>
  applyDecorators(
    ...optional(d),
    IsUUID('all', { message: ({ property }) => `${property} moet een UUID zijn` }),
    doc({ type: String, format: 'uuid' }, d),
  );

export const Datum = (d: Doc = {}) =>
  applyDecorators(
    ...optional(d),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} moet een datum zijn (JJJJ-MM-DD)` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} is geen bestaande datum` }),
    doc({ type: String, format: 'date' }, d),
  );

export const Tijdstip = (d: Doc = {}) =>
  applyDecorators(
    ...optional(d),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} moet een tijdstip zijn (ISO 8601, bijvoorbeeld 2025-03-01T10:00:00Z)` }),
    doc({ type: String, format: 'date-time' }, d),
  );

export const Keuze = <T extends string>(values: readonly T[], d: Doc = {}) =>
  applyDecorators(
    ...optional(d),
    IsIn(values as unknown as T[], { message: ({ property }) => `${property} moet een van deze waarden zijn: ${values.join(', ')}` }),
    doc({ type: String, enum: values }, d),
  );

export const Geheel = (d: Doc & { min?: number; max?: number } = {}) =>
  applyDecorators(
    ...optional(d),
    IsInt({ message: ({ property }) => `${property} moet een geheel getal zijn` }),
    Min(d.min ?? 0, { message: ({ property, constraints }) => `${property} moet minstens ${constraints[0]} zijn` }),
    Max(d.max ?? 1_000_000, { message: ({ property, constraints }) => `${property} mag hoogstens ${constraints[0]} zijn` }),
    doc({ type: Number, minimum: d.min ?? 0, maximum: d.max ?? 1_000_000 }, d),
  );
