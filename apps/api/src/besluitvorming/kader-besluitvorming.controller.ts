import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { kaderDecider, kaderStreamId } from '../../../../libs/domain/src/kader';
import { BesluitUitkomst, GremiumCode } from '../../../../libs/domain/src/shared';
import { Runtime } from '../../../../libs/runtime/src';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery, naPositieQuery } from '../http/freshness';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { LokaleVaststellingAntwoord, RegistreerLokaleVaststellingDto } from './besluitvorming.dto';
import { datumParam, meta, uuid, withCommandHeaders } from './besluitvorming.http';
import { publicatiesVoorKader } from './besluitvorming.queries';

@ApiTags('kaders')
@ApiBearerAuth('bearer')
@Controller('kaders')
export class KaderBesluitvormingController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly commands: CommandGateway, private readonly freshness: Freshness) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Post(':kaderId/lokale-vaststellingen')
  @ApiOperation({
    summary: 'Registreer het lokale besluit van een gemeente over het kader',
    description:
      'Voor een college of raad die het kader buiten een hier vastgelegde vergadering vaststelde; een besluit over het kader in een college- of raadsvergadering hier werkt vanzelf door. ' +
      'Alleen de gemeente zelf (rol gemeente, of secretaris van haar college of raad). Een nieuw besluit van dezelfde gemeente vervangt het vorige.',
  })
  @ApiCreatedResponse({ type: LokaleVaststellingAntwoord })
  @withCommandHeaders()
  async lokaleVaststelling(@Param('kaderId', uuid) kaderId: string, @Body() body: RegistreerLokaleVaststellingDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const besluitId = body.besluitId ?? randomUUID();
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'RegistreerLokaleVaststelling',
      data: { kaderId, gemeente: body.gemeente, besluitId, gremium: body.gremium as GremiumCode, datum: body.datum, uitkomst: body.uitkomst as BesluitUitkomst },
      metadata: meta(req, this.now()),
    }, commandContext(req, this.now(), `${body.datum}T00:00:00.000Z`), { gemeente: body.gemeente });
    return commandAntwoord(res, result, { besluitId }, `/api/v1/kaders/${kaderId}`);
  }

  @Get(':kaderId/publicaties')
  @ApiOperation({
    summary: 'Woo: welke besluitenlijsten over dit kader te publiceren zijn, en welke te laat',
    description: 'Elke vastgestelde besluitenlijst van een vergadering met een agendapunt over dit kader; uiterlijk twee weken na vaststelling publiceren.',
  })
  @ApiQuery({ name: 'peildatum', required: false, description: 'Beoordeel op deze dag (standaard vandaag).', example: '2025-10-30' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De publicaties met status gepubliceerd, te-publiceren, te-laat of te-laat-gepubliceerd.',
    schema: {
      type: 'object',
      example: {
        kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10', peildatum: '2025-10-30', tePubliceren: 0, teLaat: 1,
        publicaties: [{ vergaderingId: '5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11', gremium: 'bestuurscommissie-maatschappij', datum: '2025-10-08', titel: 'Bestuurscommissie Maatschappij', vastgesteldOp: '2025-10-15', publicerenUiterlijk: '2025-10-29', status: 'te-laat', besluitenlijst: '/api/v1/vergaderingen/5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11/besluitenlijst' }],
      },
    },
  })
  async publicaties(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery & { peildatum?: string }) {
    await this.freshness.ensure(query);
    const peildatum = datumParam('peildatum', query.peildatum) ?? this.now().toISOString().slice(0, 10);
    return publicatiesVoorKader(this.runtime.db, kaderId, peildatum);
  }
}
