import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { BELEIDSDOMEINEN, OPGAVE_THEMAS } from '../../../../libs/domain/src/opgaven';
import { SCHAALNIVEAUS, SUBSIDIARITEIT_GRONDEN } from '../../../../libs/domain/src/shared';
import { SUBREGIO_CODES } from '../../../../libs/reference-data/src';
import { CommandAntwoord } from '../http/command-response';
import { Datum, Geheel, Id, Keuze, Tekst } from '../http/dutch-validators';

const Genest = <T>(type: () => new () => T, description: string, required = true) =>
  applyDecorators(
    ...(required ? [ApiProperty({ type: type(), description })] : [ApiPropertyOptional({ type: type(), description }), IsOptional()]),
    IsObject({ message: ({ property }) => `${property} moet een object zijn` }),
    ValidateNested(),
    Type(type),
  );

const Lijst = <T>(type: () => new () => T, description: string, max: number) =>
  applyDecorators(
    ApiProperty({ type: [type()], description }),
    IsArray({ message: ({ property }) => `${property} moet een lijst zijn` }),
    ArrayMinSize(1, { message: ({ property }) => `${property} moet minstens één regel bevatten` }),
    ArrayMaxSize(max, { message: ({ property }) => `${property} mag hoogstens ${max} regels bevatten` }),
    ValidateNested({ each: true }),
    Type(type),
  );

const Keuzelijst = (values: readonly string[], d: { description: string; example: string[]; required?: boolean }) =>
  applyDecorators(
    ...(d.required === false ? [ApiPropertyOptional({ type: String, enum: values, isArray: true, ...d }), IsOptional()] : [ApiProperty({ type: String, enum: values, isArray: true, ...d })]),
    IsArray({ message: ({ property }) => `${property} moet een lijst zijn` }),
    ArrayMaxSize(values.length, { message: ({ property }) => `${property} mag hoogstens ${values.length} waarden bevatten` }),
    IsIn(values as string[], { each: true, message: ({ property }) => `${property} mag alleen deze waarden bevatten: ${values.join(', ')}` }),
  );

const Gemeenten = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, isArray: true, example: ['GM0537', 'GM1525'], description: 'CBS-gemeentecodes van de houders; alleen bij lokaal.' }),
    IsOptional(),
    IsArray({ message: 'gemeenten moet een lijst zijn' }),
    ArrayMaxSize(13, { message: 'gemeenten mag hoogstens 13 gemeenten bevatten' }),
    Matches(/^GM\d{4}$/, { each: true, message: 'gemeenten moet gemeentecodes bevatten, zoals GM0546' }),
  );

/** Why the opgave cannot be done locally. */
export class MotiveringDto {
  @Keuzelijst(SUBSIDIARITEIT_GRONDEN, { example: ['onbetaalbaar'], description: 'Minstens één grond: schadelijk voor cliënten, onmogelijk of onbetaalbaar.' })
  gronden!: string[];
  @Tekst({ max: 5000, example: '24-uursopvang voor een kleine doelgroep is per gemeente niet te bekostigen.' })
  toelichting!: string;
}

class Plaatsing {
  @Gemeenten()
  gemeenten?: string[];
  @Keuze(SUBREGIO_CODES, { required: false, example: 'duin-en-bollenstreek', description: 'De subregio die houdt; alleen bij subregionaal.' })
  subregio?: string;
  @Genest(() => MotiveringDto, 'Verplicht boven lokaal: waarom het niet lokaal kan.', false)
  motivering?: MotiveringDto;
}

export class LegOpgaveVastDto extends Plaatsing {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  opgaveId?: string;
  @Tekst({ max: 300, example: 'Decentrale opvangplekken Duin- en Bollenstreek' })
  titel!: string;
  @Tekst({ required: false, max: 10000, example: 'Opvangplekken voor alleenstaanden en gezinnen in de eigen gemeente.' })
  omschrijving?: string;
  @Keuze(OPGAVE_THEMAS, { example: 'maatschappelijke-opvang' })
  thema!: string;
  @Keuzelijst(BELEIDSDOMEINEN, { required: false, example: ['maatschappelijke-zorg', 'wonen'], description: 'Standaard maatschappelijke-zorg.' })
  beleidsdomeinen?: string[];
  @Keuze(SCHAALNIVEAUS, { required: false, example: 'lokaal', description: 'Standaard lokaal: "lokaal wat kan, (sub)regionaal wat moet".' })
  schaalniveau?: string;
}

export class OpgaveVastgelegdAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f' })
  opgaveId!: string;
}

export class VerplaatsOpgaveDto extends Plaatsing {
  @Keuze(SCHAALNIVEAUS, { example: 'subregionaal' })
  schaalniveau!: string;
  @Tekst({ max: 2000, example: 'Afspraak in het directeurenoverleg: de subregio pakt dit samen op.' })
  reden!: string;
}

export class EenheidDto {
  @Tekst({ max: 100, example: 'plekken-alleenstaanden' })
  eenheid!: string;
  @Geheel({ min: 1, max: 100000, example: 12 })
  aantal!: number;
}

export class StelDoelDto {
  @Tekst({ max: 2000, example: 'Decentrale opvang voor 12 alleenstaanden en 2 gezinnen.' })
  omschrijving!: string;
  @Lijst(() => EenheidDto, 'Het doel per eenheid.', 20)
  eenheden!: EenheidDto[];
  @Datum({ required: false, example: '2026-12-31' })
  streefdatum?: string;
  @Tekst({ required: false, max: 2000, example: 'Bijgesteld na de ETHOS-telling.', description: 'Verplicht als er al een doel was.' })
  reden?: string;
}

export class MeldRealisatieDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  realisatieId?: string;
  @Tekst({ max: 6, example: 'GM0537', description: 'De gemeente die realiseerde; een gemeente meldt alleen voor zichzelf.' })
  @Matches(/^GM\d{4}$/, { message: 'gemeente moet een gemeentecode zijn, zoals GM0546' })
  gemeente!: string;
  @Datum({ example: '2025-09-01', description: 'De dag van de realisatie.' })
  datum!: string;
  @Lijst(() => EenheidDto, 'Wat er is gerealiseerd, per eenheid uit het doel.', 20)
  eenheden!: EenheidDto[];
  @Tekst({ required: false, max: 2000, example: 'Vier plekken in de voormalige pastorie.' })
  toelichting?: string;
}

export class RealisatieGemeldAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b' })
  realisatieId!: string;
}

export class TrekRealisatieInDto {
  @Tekst({ max: 2000, example: 'Dubbel gemeld.' })
  reden!: string;
}
