import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Datum } from '../http/dutch-validators';

const GETAL = /^\d{1,15}$/;

export class AudittrailQuery {
  @ApiPropertyOptional({ description: 'Alleen wat deze gebruiker deed (claim sub).', example: 'sub-7d1f' })
  @IsOptional() @IsString() @MaxLength(200, { message: 'gebruikersId mag hoogstens 200 tekens lang zijn' })
  gebruikersId?: string;

  @ApiPropertyOptional({ description: 'Alleen wat namens deze organisatie gebeurde.', example: 'bestuurscommissie-maatschappij' })
  @IsOptional() @IsString() @MaxLength(200, { message: 'organisatie mag hoogstens 200 tekens lang zijn' })
  organisatie?: string;

  @ApiPropertyOptional({ description: 'Alleen dit soort resource.', example: 'kader' })
  @IsOptional() @Matches(/^[a-z]{1,40}$/, { message: 'resource moet een soort zijn zoals kader, werkgroep of vergadering' })
  resource?: string;

  @Datum({ required: false, description: 'Vastgelegd op of na deze dag.', example: '2025-03-01' })
  van?: string;

  @Datum({ required: false, description: 'Vastgelegd op of voor deze dag.', example: '2025-03-31' })
  tot?: string;

  @ApiPropertyOptional({ description: 'Alleen regels na deze positie (volgende pagina).', example: '0' })
  @IsOptional() @Matches(GETAL, { message: 'na moet een geheel getal zijn' })
  na?: string;

  @ApiPropertyOptional({ description: 'Hoeveel regels (1-1000, standaard 100).', example: '100' })
  @IsOptional() @Matches(/^(?:[1-9]\d{0,2}|1000)$/, { message: 'limit moet een geheel getal van 1 tot en met 1000 zijn' })
  limit?: string;

  @ApiPropertyOptional({ description: 'json (standaard) of csv.', enum: ['json', 'csv'], example: 'json' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'formaat moet json of csv zijn' })
  formaat?: 'json' | 'csv';
}

export class ResourceAudittrailQuery {
  @ApiPropertyOptional({ description: 'json (standaard) of csv.', enum: ['json', 'csv'], example: 'json' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'formaat moet json of csv zijn' })
  formaat?: 'json' | 'csv';
}

export class KetenkopQuery {
  @ApiPropertyOptional({ description: 'Bereken de ketenkop zoals die op deze positie was (om een gepubliceerde waarde na te rekenen).', example: '1042' })
  @IsOptional() @Matches(GETAL, { message: 'opPositie moet een geheel getal zijn' })
  opPositie?: string;
}

export class Wijzigingen {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'De waarden van deze velden ervoor; null bij aanmaken.', example: { deadline: '2025-03-20' } })
  oud!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { deadline: '2025-04-01', reden: 'Wacht op ETHOS-cijfers' } })
  nieuw!: Record<string, unknown>;
}

export class AudittrailRegel {
  @ApiProperty({ format: 'uuid', example: '0b6b8c9e-1111-4a4a-9c9c-000000000001' }) uuid!: string;
  @ApiProperty({ example: 'sub-7d1f' }) gebruikersId!: string;
  @ApiProperty({ description: 'Naam uit het token (claim naam), anders het gebruikers-id; "vergeten" na verwijdering.', example: 'Fictieve Projectleider' }) gebruikersWeergave!: string;
  @ApiProperty({ example: 'projectleider' }) gebruikersRol!: string;
  @ApiProperty({ type: String, nullable: true, example: 'directeurenoverleg' }) organisatie!: string | null;
  @ApiProperty({ example: 'kaderflow' }) applicatieId!: string;
  @ApiProperty({ enum: ['create', 'update'], example: 'update' }) actie!: string;
  @ApiProperty({ description: 'De gebeurtenis.', example: 'MijlpaalVerschoven' }) actieWeergave!: string;
  @ApiProperty({ description: 'HTTP-status: 201 als de resource ontstond, anders 200.', example: 200 }) resultaat!: number;
  @ApiProperty({ example: 'http://localhost:3000/api/v1/kaders/5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' }) hoofdObject!: string;
  @ApiProperty({ example: 'kader' }) resource!: string;
  @ApiProperty({ example: 'http://localhost:3000/api/v1/kaders/5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' }) resourceUrl!: string;
  @ApiProperty({ example: 'Beleidskader maatschappelijke zorg 2026-2032' }) resourceWeergave!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Uit X-Audit-Toelichting of het veld reden.', example: 'Wacht op ETHOS-cijfers' }) toelichting!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Tijdstip van vastleggen.', example: '2025-03-03T09:00:00.000Z' }) aanmaakdatum!: string;
  @ApiProperty({ format: 'date-time', example: '2025-03-03T09:00:00.000Z' }) tijdstipGebeurd!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VerschuifMijlpaal' }) opdracht!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '7a0f3c1e-5d2b-4c8a-9e6f-1b2c3d4e5f60' }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '7a0f3c1e-5d2b-4c8a-9e6f-1b2c3d4e5f61' }) correlationId!: string | null;
  @ApiProperty({ example: 1042 }) positie!: number;
  @ApiProperty({ example: 4 }) versie!: number;
  @ApiProperty({ type: Wijzigingen }) wijzigingen!: Wijzigingen;
}

export class AudittrailAntwoord {
  @ApiProperty({ type: [AudittrailRegel] }) audittrail!: AudittrailRegel[];
  @ApiProperty({ type: Number, nullable: true, description: 'Vraag de volgende pagina met na=<deze waarde>; null als er niets meer is.', example: 1042 }) volgende!: number | null;
}

export class Ketenbreuk {
  @ApiProperty({ type: Number, nullable: true, example: 17 }) positie!: number | null;
  @ApiProperty({ example: 'kader-5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' }) streamId!: string;
  @ApiProperty({ example: 3 }) versie!: number;
  @ApiProperty({ enum: ['content-altered', 'link-broken', 'version-missing'], example: 'content-altered' }) reden!: string;
  @ApiProperty({ example: 'De inhoud van gebeurtenis 3 in kader-5b1c... is na het vastleggen gewijzigd.' }) toelichting!: string;
}

export class VerificatieAntwoord {
  @ApiProperty({ description: 'Waar als de hele keten klopt.', example: true }) intact!: boolean;
  @ApiProperty({ description: 'Aantal gecontroleerde gebeurtenissen.', example: 1042 }) gecontroleerd!: number;
  @ApiProperty({ example: 1042 }) positie!: number;
  @ApiProperty({ type: Ketenbreuk, nullable: true, description: 'De eerste breuk; null als de keten intact is.' }) eersteBreuk!: Ketenbreuk | null;
}

export class KetenkopAntwoord {
  @ApiProperty({ description: 'sha256 over elke stream met zijn laatste hash op deze positie.', example: '9f2c4e0a7b1d3c5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6' }) hash!: string;
  @ApiProperty({ example: 1042 }) positie!: number;
  @ApiProperty({ example: 12 }) streams!: number;
  @ApiProperty({ example: 'sha256' }) algoritme!: string;
}
