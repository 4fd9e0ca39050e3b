import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import {
  ParticipatieCommand, participatieDecider, participatierondeStreamId, ParticipatieVorm, PartijType, TerugkoppelingUitkomst,
} from '../../../../libs/domain/src/participatie';
import { Fase } from '../../../../libs/domain/src/shared';
import { listInbreng, participatieKaderOverzicht, participatierondeOverzicht } from '../../../../libs/read-models/src/participatie';
import { Runtime } from '../../../../libs/runtime/src';
import { eisRol, meta, uuid } from '../besluitvorming/besluitvorming.http';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord, CommandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery } from '../http/freshness';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { booleanParam, eisKader, naPositieQuery, nietGevonden, withCommandHeaders } from '../werkgroepen/uitwerking.http';
import {
  BeantwoordInbrengDto, InbrengOntvangenAntwoord, ParticipatierondeGeplandAntwoord, PlanParticipatierondeDto, RegistreerInbrengDto, SluitParticipatierondeDto,
} from './participatie.dto';

const KADER_ID = '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10';
const RONDE_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const TELLING = { inbreng: 3, beantwoord: 2, onbeantwoord: 1, perUitkomst: { overgenomen: 1, 'deels-overgenomen': 1, 'niet-overgenomen': 0 } };
const RONDE_VOORBEELD = {
  rondeId: RONDE_ID, kaderId: KADER_ID, fase: 'participatie-en-uitwerking', doel: 'Ophalen wat partners nodig hebben.', vorm: 'werksessie',
  datum: '2025-06-12', genodigden: ['zorgaanbieder', 'ervaringsdeskundigen'], status: 'gepland', ...TELLING,
  perPartijType: [{ partijType: 'ervaringsdeskundigen', ...TELLING }], ervaringsdeskundigenBetrokken: true,
};
const INBRENG_VOORBEELD = {
  rondeId: RONDE_ID, inbrengId: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c', kaderId: KADER_ID, bron: { partijType: 'zorgaanbieder', organisatie: 'Stichting De Binnenvest' },
  thema: 'dak-en-thuisloosheid', tekst: 'Meer tussenvoorzieningen.', ontvangenOp: '2025-06-12T14:00:00.000Z',
  terugkoppeling: { uitkomst: 'overgenomen', reden: 'Opgenomen in hoofdstuk 4.', verwerking: { kaderdeel: 'Hoofdstuk 4' }, beantwoordOp: '2025-07-01T09:00:00.000Z' },
};

@ApiTags('participatie')
@ApiBearerAuth('bearer')
@Controller()
export class ParticipatieController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly commands: CommandGateway, private readonly freshness: Freshness) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Post('kaders/:kaderId/participatierondes')
  @ApiOperation({ summary: 'Plan een participatieronde', description: 'Met doel, vorm, datum, fase van het kader en de soorten partijen die worden uitgenodigd (nooit namen).' })
  @ApiCreatedResponse({ type: ParticipatierondeGeplandAntwoord })
  @withCommandHeaders()
  async plan(@Param('kaderId', uuid) kaderId: string, @Body() body: PlanParticipatierondeDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'PlanParticipatieronde');
    await eisKader(this.runtime, kaderId);
    const rondeId = body.rondeId ?? randomUUID();
    const result = await this.execute(req, rondeId, {
      type: 'PlanParticipatieronde',
      data: { rondeId, kaderId, fase: body.fase as Fase, doel: body.doel, vorm: body.vorm as ParticipatieVorm, datum: body.datum, genodigden: body.genodigden as PartijType[] },
    });
    return commandAntwoord(res, result, { rondeId }, `/api/v1/participatierondes/${rondeId}`);
  }

  @Get('kaders/:kaderId/participatierondes')
  @ApiOperation({ summary: 'De participatierondes van een kader, op datum', description: 'Per ronde: hoeveel inbreng van wie, en hoeveel daarvan beantwoord.' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De rondes.', schema: { type: 'object', example: { participatierondes: [RONDE_VOORBEELD] } } })
  async list(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    return { participatierondes: (await participatieKaderOverzicht(this.runtime.db, kaderId)).rondes };
  }

  @Get('kaders/:kaderId/participatie-overzicht')
  @ApiOperation({
    summary: 'Participatie over het hele kader',
    description: 'Alle rondes, inbreng per soort partij en hoe die is beantwoord, en per fase of ervaringsdeskundigen zijn uitgenodigd en inbreng gaven.',
  })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'Het overzicht.',
    schema: {
      type: 'object',
      example: {
        kaderId: KADER_ID, ...TELLING, rondes: [RONDE_VOORBEELD], perPartijType: [{ partijType: 'ervaringsdeskundigen', ...TELLING }],
        perFase: [{ fase: 'participatie-en-uitwerking', rondes: 1, ervaringsdeskundigenUitgenodigd: true, ervaringsdeskundigenInbreng: 2, ervaringsdeskundigenBetrokken: true }],
      },
    },
  })
  async overzicht(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    return participatieKaderOverzicht(this.runtime.db, kaderId);
  }

  @Get('participatierondes/:rondeId')
  @ApiOperation({ summary: 'Een participatieronde: inbreng van wie, en hoe beantwoord' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De ronde.', schema: { type: 'object', example: RONDE_VOORBEELD } })
  async get(@Param('rondeId', uuid) rondeId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const ronde = await participatierondeOverzicht(this.runtime.db, rondeId);
    if (!ronde) throw nietGevonden('participatieronde', rondeId);
    return ronde;
  }

  @Post('participatierondes/:rondeId/inbreng')
  @ApiOperation({
    summary: 'Registreer inbreng in een ronde',
    description: 'Van een soort partij, met de organisatie als die er is; nooit de naam van een persoon (inbreng van inwoners heeft geen organisatie).',
  })
  @ApiCreatedResponse({ type: InbrengOntvangenAntwoord })
  @withCommandHeaders()
  async registreer(@Param('rondeId', uuid) rondeId: string, @Body() body: RegistreerInbrengDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const inbrengId = body.inbrengId ?? randomUUID();
    const result = await this.execute(req, rondeId, {
      type: 'RegistreerInbreng',
      data: { rondeId, inbrengId, bron: { partijType: body.bron.partijType as PartijType, ...(body.bron.organisatie ? { organisatie: body.bron.organisatie } : {}) }, thema: body.thema, tekst: body.tekst },
    });
    return commandAntwoord(res, result, { inbrengId }, `/api/v1/participatierondes/${rondeId}/inbreng`);
  }

  @Get('participatierondes/:rondeId/inbreng')
  @ApiOperation({ summary: 'De inbreng van een ronde met de terugkoppeling', description: 'beantwoord=false geeft wat nog een antwoord nodig heeft.' })
  @ApiQuery({ name: 'beantwoord', required: false, type: Boolean, example: false })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De inbreng, oudste eerst.', schema: { type: 'object', example: { inbreng: [INBRENG_VOORBEELD] } } })
  async inbreng(@Param('rondeId', uuid) rondeId: string, @Query() query: FreshnessQuery & { beantwoord?: string }) {
    const beantwoord = booleanParam('beantwoord', query.beantwoord);
    await this.freshness.ensure(query);
    if (!(await participatierondeOverzicht(this.runtime.db, rondeId))) throw nietGevonden('participatieronde', rondeId);
    return { inbreng: await listInbreng(this.runtime.db, { rondeId, beantwoord }) };
  }

  @Put('participatierondes/:rondeId/inbreng/:inbrengId/terugkoppeling')
  @ApiOperation({
    summary: 'Koppel terug wat er met de inbreng is gedaan',
    description: 'Overgenomen, deels-overgenomen of niet-overgenomen, met reden en (tenzij niet overgenomen) waar het is geland. Een gegeven antwoord verandert niet meer (409).',
  })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async terugkoppeling(@Param('rondeId', uuid) rondeId: string, @Param('inbrengId', uuid) inbrengId: string, @Body() body: BeantwoordInbrengDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const verwerking = body.verwerking ? { ...(body.verwerking.opgaveId ? { opgaveId: body.verwerking.opgaveId } : {}), ...(body.verwerking.kaderdeel ? { kaderdeel: body.verwerking.kaderdeel } : {}) } : undefined;
    const result = await this.execute(req, rondeId, {
      type: 'BeantwoordInbreng',
      data: { rondeId, inbrengId, uitkomst: body.uitkomst as TerugkoppelingUitkomst, reden: body.reden, ...(verwerking ? { verwerking } : {}) },
    });
    return commandAntwoord(res, result, {});
  }

  @Post('participatierondes/:rondeId/_sluiten')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sluit de ronde',
    description: 'Kan alleen als alle inbreng is beantwoord, of met een reden waarom niet; anders 409 (onbeantwoorde-inbreng).',
  })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async sluit(@Param('rondeId', uuid) rondeId: string, @Body() body: SluitParticipatierondeDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, rondeId, { type: 'SluitParticipatieronde', data: { rondeId, ...(body.reden ? { reden: body.reden } : {}) } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  private execute(req: AuthenticatedRequest, rondeId: string, command: Omit<ParticipatieCommand, 'metadata'>, reden?: string) {
    const ctx = commandContext(req, this.now());
    const full = { ...command, metadata: meta(req, this.now()) } as ParticipatieCommand;
    return this.commands.execute(participatieDecider, participatierondeStreamId(rondeId), full, { ...ctx, reason: ctx.reason ?? reden });
  }
}
