import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { FASEN } from '../../../../libs/domain/src/shared';
import { Datum, Geheel, Id, Keuze, Tekst } from '../http/dutch-validators';
import { CommandAntwoord } from '../http/command-response';

export class PeriodeDto {
  @Geheel({ min: 2000, max: 2100, example: 2026, description: 'Eerste jaar waarin het kader geldt.' })
  van!: number;
  @Geheel({ min: 2000, max: 2100, example: 2032, description: 'Laatste jaar waarin het kader geldt.' })
  tot!: number;
}

export class VaststellingsregelDto {
  @Geheel({ min: 1, max: 13, example: 13, description: 'Hoeveel gemeenten het kader lokaal moeten vaststellen.' })
  minimumGemeenten!: number;
}

export class StartKaderDto {
  @Tekst({ max: 300, example: 'Beleidskader maatschappelijke zorg Holland Rijnland 2026-2032' })
  titel!: string;
  @ApiProperty({ type: PeriodeDto })
  @IsDefined({ message: 'periode is verplicht' })
  @IsObject({ message: 'periode moet een object zijn met van en tot' })
  @ValidateNested()
  @Type(() => PeriodeDto)
  periode!: PeriodeDto;
  @Tekst({ max: 100, example: 'directeurenoverleg', description: 'Gremiumcode van de opdrachtgever.' })
  opdrachtgever!: string;
  @ApiPropertyOptional({ type: VaststellingsregelDto })
  @IsOptional()
  @IsObject({ message: 'vaststellingsregel moet een object zijn' })
  @ValidateNested()
  @Type(() => VaststellingsregelDto)
  vaststellingsregel?: VaststellingsregelDto;
}

export class KaderGestartAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10' })
  kaderId!: string;
}

export class WijsProjectleiderAanDto {
  @Tekst({ max: 200, example: 'user-7f3a', description: 'Gebruikers-id (sub) van de projectleider; geen naam.' })
  projectleiderId!: string;
}

export class FaseOvergangDto {
  @Keuze(FASEN, { example: 'plan-van-aanpak', description: 'De volgende fase, of een eerdere fase om terug te gaan.' })
  naarFase!: string;
  @Tekst({ required: false, max: 2000, example: 'Opdracht verleend in het directeurenoverleg.', description: 'Toelichting; verplicht bij teruggaan.' })
  reden?: string;
}

export class PlanMijlpaalDto {
  @Id({ required: false, description: 'Eigen id (UUID); anders kiest de server er een.' })
  mijlpaalId?: string;
  @Tekst({ max: 300, example: 'Plan van aanpak vastgesteld' })
  titel!: string;
  @Keuze(FASEN, { example: 'plan-van-aanpak' })
  fase!: string;
  @Datum({ example: '2025-04-15' })
  deadline!: string;
  @Tekst({ max: 200, example: 'projectleider', description: 'Rol of gremium dat de mijlpaal draagt.' })
  eigenaar!: string;
}

export class VerschuifMijlpaalDto {
  @Datum({ example: '2025-05-01' })
  nieuweDeadline!: string;
  @Tekst({ max: 2000, example: 'Directeurenoverleg schuift een week op.' })
  reden!: string;
}

export class BehaalMijlpaalDto {
  @Datum({ example: '2025-04-10' })
  behaaldOp!: string;
}

export class AnnuleerMijlpaalDto {
  @Tekst({ max: 2000, example: 'Samengevoegd met de mijlpaal voor het participatieplan.' })
  reden!: string;
}

export class MijlpaalGeplandAntwoord extends CommandAntwoord {
  @ApiProperty({ format: 'uuid', example: '8d0f6c1e-2b7a-4c55-a1f0-4e3b2c1d0a99' })
  mijlpaalId!: string;
}
