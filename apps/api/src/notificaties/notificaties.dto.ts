import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { KANALEN } from '../../../../libs/notifications/src';
import { Keuze } from '../http/dutch-validators';

export class AbonnementKanaalDto {
  @Keuze(KANALEN, { example: 'mijlpalen', description: 'Het kanaal waarop u zich abonneert.' })
  naam!: string;
  @ApiPropertyOptional({
    type: 'object', additionalProperties: { type: 'string' }, example: { kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10' },
    description: 'Alleen berichten waarvan elk kenmerk gelijk is; `*` accepteert elke waarde.',
  })
  @IsOptional()
  @IsObject({ message: 'filters moet een object zijn met tekstwaarden' })
  filters?: Record<string, string>;
}

export class MaakAbonnementDto {
  @ApiProperty({ example: 'https://zaaksysteem.gemeente.example/kaderflow/notificaties', description: 'Waar Kaderflow de berichten naartoe stuurt (POST): een https-adres dat naar een openbaar IP-adres wijst.' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callbackUrl moet een http(s)-adres zijn' })
  @MaxLength(2000, { message: 'callbackUrl mag hoogstens 2000 tekens lang zijn' })
  callbackUrl!: string;
  @ApiPropertyOptional({ example: 'Bearer abcdef123456', maxLength: 1000, writeOnly: true, description: 'Gaat mee als Authorization-header; wordt nooit teruggegeven.' })
  @IsOptional()
  @IsString({ message: 'auth moet tekst zijn' })
  @MaxLength(1000, { message: 'auth mag hoogstens 1000 tekens lang zijn' })
  auth?: string;
  @ApiPropertyOptional({
    example: 'een-lang-gedeeld-geheim-van-de-ontvanger', minLength: 16, maxLength: 200, writeOnly: true,
    description: 'Met dit geheim wordt elke aflevering ondertekend (header Kaderflow-Signature, HMAC-SHA256); wordt nooit teruggegeven.',
  })
  @IsOptional()
  @IsString({ message: 'ondertekeningsgeheim moet tekst zijn' })
  @MinLength(16, { message: 'ondertekeningsgeheim moet minstens 16 tekens lang zijn' })
  @MaxLength(200, { message: 'ondertekeningsgeheim mag hoogstens 200 tekens lang zijn' })
  ondertekeningsgeheim?: string;
  @ApiProperty({ type: [AbonnementKanaalDto] })
  @IsArray({ message: 'kanalen moet een lijst zijn' })
  @ArrayMinSize(1, { message: 'kies minstens een kanaal' })
  @ArrayMaxSize(20, { message: 'hoogstens 20 kanalen' })
  @ValidateNested({ each: true })
  @Type(() => AbonnementKanaalDto)
  kanalen!: AbonnementKanaalDto[];
}

export class AbonnementAntwoord {
  @ApiProperty({ example: 'http://localhost:3000/api/v1/abonnementen/0b6f3a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  url!: string;
  @ApiProperty({ format: 'uuid', example: '0b6f3a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  id!: string;
  @ApiProperty({ example: 'https://zaaksysteem.gemeente.example/kaderflow/notificaties' })
  callbackUrl!: string;
  @ApiProperty({ type: [AbonnementKanaalDto] })
  kanalen!: AbonnementKanaalDto[];
  @ApiProperty({ example: true, description: 'Of afleveringen ondertekend worden.' })
  ondertekend!: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T09:00:00.000Z' })
  aangemaaktOp!: string;
}

export class KanaalAntwoord {
  @ApiProperty({ example: 'mijlpalen' })
  naam!: string;
  @ApiProperty({ example: 'Mijlpalen van een kader, en herinneringen en escalaties bij hun deadline.' })
  omschrijving!: string;
  @ApiProperty({ type: [String], example: ['eventType', 'kaderId', 'resource', 'actie'] })
  filters!: string[];
}

export class AfleveringAntwoord {
  @ApiProperty({ example: '9a1b...~0b6f3a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  id!: string;
  @ApiProperty({ enum: ['gepland', 'afgeleverd', 'nieuwe-poging', 'opgegeven', 'vervallen'], example: 'afgeleverd',
    description: 'opgegeven: na de laatste poging niet afgeleverd (dead letter); vervallen: het abonnement bestaat niet meer.' })
  status!: string;
  @ApiProperty({ example: 1 })
  pogingen!: number;
  @ApiPropertyOptional({ type: Number, example: 204, nullable: true })
  httpStatus!: number | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  laatsteFout!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { kanaal: 'mijlpalen', actie: 'create', resource: 'mijlpaal' }, description: 'Het bericht zoals het verstuurd is.' })
  notificatie!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T09:00:00.000Z' })
  aangemaaktOp!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T09:00:01.000Z' })
  bijgewerktOp!: string;
}

export class HerinneringAntwoord {
  @ApiProperty({ enum: ['HerinneringVerstuurd', 'EscalatieVerstuurd'], example: 'HerinneringVerstuurd' })
  soortBericht!: string;
  @ApiProperty({ enum: ['mijlpaal', 'actiepunt'], example: 'mijlpaal' })
  soort!: string;
  @ApiProperty({ example: 'm-1' })
  itemId!: string;
  @ApiProperty({ example: 'Concept naar het directeurenoverleg' })
  titel!: string;
  @ApiProperty({ format: 'date', example: '2026-03-10' })
  deadline!: string;
  @ApiProperty({ example: 'eigenaar', description: 'eigenaar (herinnering) of de gremiumcode waarnaar geëscaleerd is.' })
  doelgroep!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-03T07:00:00.000Z' })
  verstuurdOp!: string;
}
