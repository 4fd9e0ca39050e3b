import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { PARTICIPATIE_VORMEN, PARTIJ_TYPEN, TERUGKOPPELING_UITKOMSTEN } from '../../../../libs/domain/src/participatie';
import { FASEN } from '../../../../libs/domain/src/shared';
import { CommandAntwoord } from '../http/command-response';
import { Datum, Id, Keuze, Tekst } from '../http/dutch-validators';

export class PlanParticipatierondeDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  rondeId?: string;
  @Keuze(FASEN, { example: 'participatie-en-uitwerking', description: 'De fase van het kader waarin de ronde valt.' })
  fase!: string;
  @Tekst({ max: 2000, example: 'Ophalen wat partners nodig hebben voor de aanpak dak- en thuisloosheid.' })
  doel!: string;
  @Keuze(PARTICIPATIE_VORMEN, { example: 'werksessie' })
  vorm!: string;
  @Datum({ example: '2025-06-12', description: 'De dag van de ronde (of de sluitdatum van een consultatie).' })
  datum!: string;
  @ApiProperty({ type: String, enum: PARTIJ_TYPEN, isArray: true, example: ['zorgaanbieder', 'ervaringsdeskundigen', 'woningcorporatie'], description: 'Welke soorten partijen zijn uitgenodigd; nooit namen.' })
  @IsArray({ message: 'genodigden moet een lijst zijn' })
  @ArrayMinSize(1, { message: 'genodigden moet minstens één soort partij noemen' })
  @ArrayMaxSize(PARTIJ_TYPEN.length, { message: `genodigden mag hoogstens ${PARTIJ_TYPEN.length} soorten noemen` })
  @IsIn(PARTIJ_TYPEN as unknown as string[], { each: true, message: `genodigden mag alleen deze waarden bevatten: ${PARTIJ_TYPEN.join(', ')}` })
  genodigden!: string[];
}

export class ParticipatierondeGeplandAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' })
  rondeId!: string;
}

/** Who it came from: a kind of party, and the organisation when there is one. Never a private person. */
export class InbrengBronDto {
  @Keuze(PARTIJ_TYPEN, { example: 'zorgaanbieder' })
  partijType!: string;
  @Tekst({ required: false, max: 200, example: 'Stichting De Binnenvest', description: 'De organisatie; nooit de naam van een persoon. Niet bij inwoners.' })
  organisatie?: string;
}

const Genest = <T>(type: () => new () => T, description: string, required = true) =>
  applyDecorators(
    ...(required ? [ApiProperty({ type: type(), description })] : [ApiPropertyOptional({ type: type(), description }), IsOptional()]),
    IsObject({ message: ({ property }) => `${property} moet een object zijn` }),
    ValidateNested(),
    Type(type),
  );

export class RegistreerInbrengDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  inbrengId?: string;
  @Genest(() => InbrengBronDto, 'Van wie de inbreng komt.')
  bron!: InbrengBronDto;
  @Tekst({ max: 200, example: 'dak-en-thuisloosheid' })
  thema!: string;
  @Tekst({ max: 10000, example: 'Zorg voor meer tussenvoorzieningen tussen opvang en zelfstandig wonen.' })
  tekst!: string;
}

export class InbrengOntvangenAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c' })
  inbrengId!: string;
}

export class VerwerkingDto {
  @Id({ required: false, description: 'De opgave waarin de inbreng is verwerkt.', example: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f' })
  opgaveId?: string;
  @Tekst({ required: false, max: 300, example: 'Hoofdstuk 4: dak- en thuisloosheid', description: 'Het deel van het kader waarin de inbreng is verwerkt.' })
  kaderdeel?: string;
}

export class BeantwoordInbrengDto {
  @Keuze(TERUGKOPPELING_UITKOMSTEN, { example: 'deels-overgenomen' })
  uitkomst!: string;
  @Tekst({ max: 5000, example: 'Tussenvoorzieningen zijn opgenomen; de aantallen volgen uit de op- en afbouwopgave.' })
  reden!: string;
  @Genest(() => VerwerkingDto, 'Waar de inbreng is geland; verplicht tenzij niet-overgenomen.', false)
  verwerking?: VerwerkingDto;
}

export class SluitParticipatierondeDto {
  @Tekst({ required: false, max: 2000, example: 'Twee reacties kwamen na de sluitdatum; die gaan mee naar de volgende ronde.', description: 'Verplicht als er nog onbeantwoorde inbreng is.' })
  reden?: string;
}
