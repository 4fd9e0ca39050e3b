import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsNumber, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { STEMKEUZES } from '../../../../libs/domain/src/besluitvorming';
import { BESLUIT_ONDERWERPEN, BESLUIT_UITKOMSTEN } from '../../../../libs/domain/src/shared';
import { CommandAntwoord } from '../http/command-response';
import { Datum, Geheel, Id, Keuze, Tekst } from '../http/dutch-validators';

const GREMIUM_PATROON = /^(bestuurscommissie-maatschappij|directeurenoverleg|pt-mz-hr|projectgroep|(college|raad)-GM\d{4}|werkgroep-[a-z0-9-]+)$/;

export class PlanVergaderingDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  vergaderingId?: string;
  @Tekst({ max: 100, example: 'bestuurscommissie-maatschappij', description: 'Gremiumcode: een vast gremium, of college-GMxxxx / raad-GMxxxx.' })
  @Matches(GREMIUM_PATROON, { message: 'gremium moet een bekende gremiumcode zijn, bijvoorbeeld bestuurscommissie-maatschappij of college-GM0546' })
  gremium!: string;
  @Datum({ example: '2025-10-08', description: 'De dag van de vergadering.' })
  datum!: string;
  @Tekst({ max: 300, example: 'Bestuurscommissie Maatschappij' })
  titel!: string;
  @Tekst({ required: false, max: 300, example: 'Raadhuis Leiden, zaal 2' })
  locatie?: string;
}

export class VergaderingGeplandAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11' })
  vergaderingId!: string;
}

export class DocumentverwijzingDto {
  @Tekst({ max: 300, example: 'Concept-beleidskader versie 0.9' })
  titel!: string;
  @Tekst({ max: 2000, example: 'https://documenten.example.org/concept-kader-0.9.pdf', description: 'Een http(s)-adres.' })
  @Matches(/^https?:\/\/\S+$/, { message: 'url moet een http(s)-adres zijn' })
  url!: string;
  @Tekst({ max: 200, example: 'sha256:9f2c1a7be0d4', description: 'Inhoudshash van het document.' })
  hash!: string;
}

export class VoorstelDto {
  @Tekst({ max: 300, example: 'Voorstel voorgenomen besluit concept-kader' })
  titel!: string;
  @Tekst({ max: 5000, example: 'De commissie wordt gevraagd een voorgenomen besluit te nemen over het concept-kader.' })
  samenvatting!: string;
  @ApiProperty({ type: [DocumentverwijzingDto] })
  @IsArray({ message: 'documenten moet een lijst zijn' })
  @ArrayMaxSize(50, { message: 'documenten mag hoogstens 50 verwijzingen bevatten' })
  @ValidateNested({ each: true })
  @Type(() => DocumentverwijzingDto)
  documenten!: DocumentverwijzingDto[];
}

export class VoegAgendapuntToeDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  agendapuntId?: string;
  @Geheel({ min: 1, max: 999, example: 1, description: 'Plaats op de agenda.' })
  volgnummer!: number;
  @Tekst({ max: 300, example: 'Concept-beleidskader maatschappelijke zorg' })
  titel!: string;
  @Keuze(BESLUIT_ONDERWERPEN, { example: 'concept-kader', description: 'Waarover het agendapunt gaat in het kaderproces; overig als het er niet over gaat.' })
  onderwerp!: string;
  @Id({ required: false, description: 'Het kader waarover het gaat; verplicht tenzij het onderwerp overig is.' })
  kaderId?: string;
  @ApiPropertyOptional({ type: VoorstelDto })
  @IsOptional()
  @IsObject({ message: 'voorstel moet een object zijn' })
  @ValidateNested()
  @Type(() => VoorstelDto)
  voorstel?: VoorstelDto;
}

export class AgendapuntToegevoegdAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f' })
  agendapuntId!: string;
}

export class AmendementDto {
  @Tekst({ max: 300, example: 'Amendement ervaringsdeskundigen' })
  titel!: string;
  @Tekst({ max: 5000, example: 'Voeg toe: ervaringsdeskundigen zitten in elke werkgroep.' })
  tekst!: string;
  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean({ message: 'aangenomen moet waar of onwaar zijn' })
  aangenomen?: boolean;
}

export class StemDto {
  @Tekst({ max: 100, example: 'GM0546', description: 'Gemeentecode of rol-id van wie stemt; nooit een naam.' })
  stemgerechtigde!: string;
  @Keuze(STEMKEUZES, { example: 'voor' })
  keuze!: string;
  @ApiPropertyOptional({ example: 1, minimum: 0.001, maximum: 1000000, description: 'Gewicht van de stem (standaard 1).' })
  @IsOptional()
  @IsNumber({}, { message: 'gewicht moet een getal zijn' })
  @Min(0.001, { message: 'gewicht moet groter dan 0 zijn' })
  @Max(1_000_000, { message: 'gewicht is te groot' })
  gewicht?: number;
}

export class StemregelDto {
  @ApiPropertyOptional({ example: 0.5, minimum: 0, maximum: 0.99, description: 'Deel van de basis dat voor moet overschrijden (standaard 0,5).' })
  @IsOptional()
  @IsNumber({}, { message: 'drempel moet een getal zijn' })
  @Min(0, { message: 'drempel moet minstens 0 zijn' })
  @Max(0.99, { message: 'drempel moet kleiner dan 1 zijn' })
  drempel?: number;
  @Keuze(['uitgebrachte-stemmen', 'alle-stemgerechtigden'] as const, { required: false, example: 'uitgebrachte-stemmen' })
  basis?: string;
}

export class StemmingDto {
  @ApiProperty({ type: [StemDto] })
  @IsArray({ message: 'stemmen moet een lijst zijn' })
  @ArrayMaxSize(500, { message: 'stemmen mag hoogstens 500 stemmen bevatten' })
  @ValidateNested({ each: true })
  @Type(() => StemDto)
  stemmen!: StemDto[];
  @ApiPropertyOptional({ type: StemregelDto })
  @IsOptional()
  @IsObject({ message: 'regel moet een object zijn' })
  @ValidateNested()
  @Type(() => StemregelDto)
  regel?: StemregelDto;
}

export class NeemBesluitDto {
  @Keuze(BESLUIT_UITKOMSTEN, { example: 'voorgenomen-besluit' })
  uitkomst!: string;
  @Tekst({ max: 10000, example: 'De bestuurscommissie neemt een voorgenomen besluit over het concept-kader.' })
  besluittekst!: string;
  @Tekst({ required: false, max: 10000, example: 'Met de aanvulling uit het aangenomen amendement.' })
  toelichting?: string;
  @Datum({ example: '2025-10-08', description: 'De dag waarop het gremium besloot; de griffie legt het vaak later vast.' })
  datum!: string;
  @ApiPropertyOptional({ type: [AmendementDto] })
  @IsOptional()
  @IsArray({ message: 'amendementen moet een lijst zijn' })
  @ArrayMaxSize(100, { message: 'amendementen mag hoogstens 100 amendementen bevatten' })
  @ValidateNested({ each: true })
  @Type(() => AmendementDto)
  amendementen?: AmendementDto[];
  @ApiPropertyOptional({ type: StemmingDto, description: 'De stemmen; de uitslag berekent de server.' })
  @IsOptional()
  @IsObject({ message: 'stemming moet een object zijn' })
  @ValidateNested()
  @Type(() => StemmingDto)
  stemming?: StemmingDto;
}

export class BesluitGenomenAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '2c9e7b1a-5d4f-4a3e-8b2c-1d0e9f8a7b6c' })
  besluitId!: string;
}

export class RectificeerBesluitDto {
  @Tekst({ required: false, max: 10000, example: 'De bestuurscommissie neemt een voorgenomen besluit over het concept-kader, versie 0.9.' })
  besluittekst?: string;
  @Keuze(BESLUIT_UITKOMSTEN, { required: false, example: 'voorgenomen-besluit' })
  uitkomst?: string;
  @Tekst({ required: false, max: 10000, example: 'Versienummer van het concept toegevoegd.' })
  toelichting?: string;
  @Tekst({ max: 2000, example: 'Het versienummer van het concept ontbrak in de besluittekst.' })
  reden!: string;
}

export class TrekBesluitInDto {
  @Tekst({ max: 2000, example: 'Het besluit is genomen op een verouderd voorstel.' })
  reden!: string;
}

export class StelBesluitenlijstVastDto {
  @Datum({ example: '2025-10-15', description: 'De dag waarop de besluitenlijst is vastgesteld; de Woo-termijn van twee weken loopt vanaf hier.' })
  datum!: string;
}

export class PubliceerBesluitenlijstDto {
  @Datum({ example: '2025-10-20', description: 'De dag van publicatie.' })
  datum!: string;
  @Tekst({ required: false, max: 2000, example: 'https://open.example.org/besluitenlijst-2025-10-08.pdf', description: 'Waar de besluitenlijst gepubliceerd is.' })
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'url moet een http(s)-adres zijn' })
  url?: string;
}

export class RegistreerLokaleVaststellingDto {
  @Tekst({ max: 6, example: 'GM0546', description: 'CBS-gemeentecode.' })
  @Matches(/^GM\d{4}$/, { message: 'gemeente moet een CBS-gemeentecode zijn, bijvoorbeeld GM0546' })
  gemeente!: string;
  @Tekst({ max: 20, example: 'raad-GM0546', description: 'Het college of de raad die besloot.' })
  @Matches(/^(college|raad)-GM\d{4}$/, { message: 'gremium moet college-GMxxxx of raad-GMxxxx zijn' })
  gremium!: string;
  @Id({ required: false, description: 'Id van het lokale besluit (UUID); anders kiest de server er een.' })
  besluitId?: string;
  @Datum({ example: '2026-01-29', description: 'De dag van het lokale besluit.' })
  datum!: string;
  @Keuze(BESLUIT_UITKOMSTEN, { example: 'vastgesteld' })
  uitkomst!: string;
}

export class LokaleVaststellingAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  besluitId!: string;
}

