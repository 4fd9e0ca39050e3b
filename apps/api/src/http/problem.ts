import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_BASE = 'https://kaderflow.nl/problemen/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class ProblemFieldError {
  @ApiProperty({ example: 'deadline', description: 'Het veld (pad in de body of naam van de parameter).' })
  veld!: string;
  @ApiProperty({ example: 'deadline moet een datum zijn (JJJJ-MM-DD)' })
  melding!: string;
}

/** RFC 9457 problem details. `type` is stable; title and detail are Dutch. */
export class Problem {
  @ApiProperty({ example: `${PROBLEM_BASE}fase-voorwaarden-niet-vervuld` })
  type!: string;
  @ApiProperty({ example: 'Niet aan de voorwaarden voor deze fase is voldaan' })
  title!: string;
  @ApiProperty({ example: 409 })
  status!: number;
  @ApiProperty({ example: "Mijlpaal 'Plan van aanpak opgesteld' is nog niet behaald." })
  detail!: string;
  @ApiPropertyOptional({ example: '/api/v1/kaders/5b1c.../fase-overgangen' })
  instance?: string;
  @ApiPropertyOptional({ type: [String], description: 'Elke voorwaarde of regel die niet is vervuld, in gewone taal.' })
  redenen?: string[];
  @ApiPropertyOptional({ type: [ProblemFieldError], description: 'Fouten per veld bij ongeldige invoer (400).' })
  fouten?: ProblemFieldError[];
}

/** Thrown anywhere in the app to answer with a given problem. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: { redenen?: string[]; fouten?: ProblemFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export const problemBody = (p: ProblemException, instance?: string): Problem => ({
  type: `${PROBLEM_BASE}${p.code}`,
  title: p.title,
  status: p.status,
  detail: p.detail,
  ...(instance ? { instance } : {}),
  ...(p.extra.redenen ? { redenen: p.extra.redenen } : {}),
  ...(p.extra.fouten ? { fouten: p.extra.fouten } : {}),
});
