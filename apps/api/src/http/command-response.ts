import { ApiProperty } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommandResult } from '../../../../libs/application/src';
import { etag } from './request-context';

export class CommandAntwoord {
  @ApiProperty({ description: 'Versie van het dossier na deze opdracht; gebruik als If-Match.', example: 4 })
  versie!: number;
  @ApiProperty({ description: 'Positie in de gebeurtenissenvolgorde; vraag een lezing met naPositie om zeker uw eigen wijziging te zien.', example: 1042 })
  positie!: number;
  @ApiProperty({ description: 'Waar als dit een herhaling was (zelfde Idempotency-Key) en er niets nieuws is vastgelegd.', example: false })
  herhaald!: boolean;
}

/** Sets ETag (and Location) and returns the body every command answers with. */
export function commandAntwoord<T extends object>(res: Response, result: CommandResult, extra: T, location?: string): T & CommandAntwoord {
  res.setHeader('ETag', etag(result.versie));
  if (location) res.setHeader('Location', location);
  return { ...extra, versie: result.versie, positie: result.positie, herhaald: result.herhaald };
}
