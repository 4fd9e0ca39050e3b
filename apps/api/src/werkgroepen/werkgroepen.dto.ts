import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { WERKGROEP_SOORTEN } from '../../../../libs/domain/src/werkgroepen';
import { CommandAntwoord } from '../http/command-response';
import { Datum, Id, Keuze, Tekst } from '../http/dutch-validators';

/** A member by role and organisation; never a name (that is personal data). */
export class LidDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  lidId?: string;
  @Tekst({ max: 200, example: 'beleidsadviseur', description: 'De rol in de werkgroep of de functie; geen naam.' })
  rol!: string;
  @Tekst({ max: 200, example: 'GM0546', description: 'De organisatie: een gemeentecode, subregio of partner.' })
  organisatie!: string;
}

export class StelWerkgroepInDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  werkgroepId?: string;
  @Keuze(WERKGROEP_SOORTEN, { required: false, example: 'werkgroep', description: 'projectgroep (één per kader) of een (incidentele) werkgroep; standaard werkgroep.' })
  soort?: string;
  @Tekst({ max: 300, example: 'Werkgroep dak- en thuisloosheid' })
  naam!: string;
  @Tekst({ max: 5000, example: 'Werkt de aanpak dak- en thuisloosheid uit, met de ETHOS-telling als basis.', description: 'De opdracht (het mandaat) van de werkgroep.' })
  opdracht!: string;
  @Datum({ example: '2025-04-01' })
  startdatum!: string;
  @Datum({ required: false, example: '2025-12-31', description: 'Voorziene einddatum, voor een tijdelijke werkgroep.' })
  einddatum?: string;
  @ApiPropertyOptional({ type: [LidDto], description: 'De leden bij instelling.' })
  @IsOptional()
  @IsArray({ message: 'leden moet een lijst zijn' })
  @ArrayMaxSize(100, { message: 'leden mag hoogstens 100 leden bevatten' })
  @ValidateNested({ each: true })
  @Type(() => LidDto)
  leden?: LidDto[];
}

export class LidAntwoord {
  @ApiProperty({ format: 'uuid', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  lidId!: string;
  @ApiProperty({ example: 'beleidsadviseur' })
  rol!: string;
  @ApiProperty({ example: 'GM0546' })
  organisatie!: string;
}

export class WerkgroepIngesteldAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  werkgroepId!: string;
  @ApiProperty({ type: [LidAntwoord], description: 'De leden met hun id, om actiepunten aan toe te wijzen.' })
  leden!: LidAntwoord[];
}

export class LidToegevoegdAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  lidId!: string;
}

export class VerwijderLidDto {
  @Tekst({ max: 2000, example: 'Vertrokken naar een andere functie; taken overgedragen.' })
  reden!: string;
}

export class HefWerkgroepOpDto {
  @Datum({ example: '2025-12-15', description: 'De dag waarop de werkgroep ophoudt.' })
  datum!: string;
  @Tekst({ max: 2000, example: 'Opdracht afgerond: het hoofdstuk staat in het concept-kader.' })
  reden!: string;
}

/** Either a member (lidId) or a role at an organisation. */
export class EigenaarDto {
  @Id({ required: false, description: 'Een lid van de werkgroep; of geef rol en organisatie.', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  lidId?: string;
  @Tekst({ required: false, max: 200, example: 'beleidsadviseur' })
  rol?: string;
  @Tekst({ required: false, max: 200, example: 'GM0546' })
  organisatie?: string;
}

const Eigenaar = () =>
  applyDecorators(
    ApiProperty({ type: EigenaarDto, description: 'Een lid (lidId), of een rol bij een organisatie.' }),
    IsObject({ message: 'eigenaar moet een object zijn' }),
    ValidateNested(),
    Type(() => EigenaarDto),
  );

export class MaakActiepuntAanDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  actiepuntId?: string;
  @Tekst({ max: 2000, example: 'Overzicht opvangplekken per gemeente aanleveren' })
  omschrijving!: string;
  @Eigenaar()
  eigenaar!: EigenaarDto;
  @Datum({ example: '2025-05-15' })
  deadline!: string;
  @Id({ required: false, description: 'De vergadering waarin het actiepunt is afgesproken.' })
  vergaderingId?: string;
}

export class ActiepuntAangemaaktAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a' })
  actiepuntId!: string;
}

export class WijsActiepuntToeDto {
  @Eigenaar()
  eigenaar!: EigenaarDto;
  @Tekst({ max: 2000, example: 'Overgedragen wegens verlof.' })
  reden!: string;
}

export class VerschuifActiepuntDto {
  @Datum({ example: '2025-06-01', description: 'De nieuwe deadline.' })
  deadline!: string;
  @Tekst({ max: 2000, example: 'Wacht op de cijfers van de ETHOS-telling.' })
  reden!: string;
}

export class LaatActiepuntVervallenDto {
  @Tekst({ max: 2000, example: 'Niet meer nodig: opgenomen in het plan van aanpak.' })
  reden!: string;
}
