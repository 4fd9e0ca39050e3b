import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ActiepuntWeergaveStatus, ACTIEPUNT_STATUSSEN, Eigenaar, werkgroepDecider, WerkgroepSoort, werkgroepStreamId } from '../../../../libs/domain/src/werkgroepen';
import { getWerkgroep, listActiepunten, listWerkgroepen } from '../../../../libs/read-models/src/werkgroepen';
import { Runtime } from '../../../../libs/runtime/src';
import { eisRol, meta, uuid } from '../besluitvorming/besluitvorming.http';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord, CommandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery } from '../http/freshness';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { booleanParam, eisKader, keuzeParam, naPositieQuery, nietGevonden, today, withCommandHeaders } from './uitwerking.http';
import {
  ActiepuntAangemaaktAntwoord, EigenaarDto, HefWerkgroepOpDto, LaatActiepuntVervallenDto, LidDto, LidToegevoegdAntwoord, MaakActiepuntAanDto,
  StelWerkgroepInDto, VerschuifActiepuntDto, VerwijderLidDto, WerkgroepIngesteldAntwoord, WijsActiepuntToeDto,
} from './werkgroepen.dto';

const WEERGAVE_STATUSSEN: readonly ActiepuntWeergaveStatus[] = [...ACTIEPUNT_STATUSSEN, 'te-laat'];
const WERKGROEP_STATUSSEN = ['actief', 'opgeheven'] as const;

const eigenaar = (dto: EigenaarDto): Eigenaar => (dto.lidId ? { lidId: dto.lidId } : { rol: dto.rol ?? '', organisatie: dto.organisatie ?? '' });
const lid = (dto: LidDto) => ({ lidId: dto.lidId ?? randomUUID(), rol: dto.rol, organisatie: dto.organisatie });

const ACTIEPUNT_VOORBEELD = {
  actiepuntId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a', werkgroepId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10',
  omschrijving: 'Overzicht opvangplekken per gemeente aanleveren', eigenaar: { rol: 'beleidsadviseur', organisatie: 'GM0546' },
  deadline: '2025-06-01', oorspronkelijkeDeadline: '2025-05-15', status: 'te-laat', aangemaaktOp: '2025-04-02T10:00:00.000Z', keerVerschoven: 1, keerToegewezen: 0,
};

@ApiTags('werkgroepen')
@ApiBearerAuth('bearer')
@Controller()
export class WerkgroepenController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly commands: CommandGateway, private readonly freshness: Freshness) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Post('kaders/:kaderId/werkgroepen')
  @ApiOperation({
    summary: 'Stel de projectgroep of een werkgroep in voor een kader',
    description: 'Met naam, opdracht (mandaat), start- en einddatum en leden per rol en organisatie (nooit namen). Alleen de projectleider.',
  })
  @ApiCreatedResponse({ type: WerkgroepIngesteldAntwoord })
  @withCommandHeaders()
  async stelIn(@Param('kaderId', uuid) kaderId: string, @Body() body: StelWerkgroepInDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'StelWerkgroepIn');
    await eisKader(this.runtime, kaderId);
    const werkgroepId = body.werkgroepId ?? randomUUID();
    const leden = (body.leden ?? []).map(lid);
    const result = await this.commands.execute(werkgroepDecider, werkgroepStreamId(werkgroepId), {
      type: 'StelWerkgroepIn',
      data: {
        werkgroepId, kaderId, soort: (body.soort ?? 'werkgroep') as WerkgroepSoort, naam: body.naam, opdracht: body.opdracht, startdatum: body.startdatum,
        ...(body.einddatum ? { einddatum: body.einddatum } : {}), leden,
      },
      metadata: meta(req, this.now()),
    }, commandContext(req, this.now()));
    return commandAntwoord(res, result, { werkgroepId, leden }, `/api/v1/werkgroepen/${werkgroepId}`);
  }

  @Get('kaders/:kaderId/werkgroepen')
  @ApiOperation({ summary: 'De projectgroep en werkgroepen van een kader', description: 'De projectgroep eerst, dan de werkgroepen op startdatum; met aantal leden en open actiepunten.' })
  @ApiQuery({ name: 'status', required: false, enum: WERKGROEP_STATUSSEN, example: 'actief' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De werkgroepen.',
    schema: { type: 'object', example: { werkgroepen: [{ werkgroepId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10', soort: 'projectgroep', naam: 'Projectgroep beleidskader', opdracht: 'Stelt het concept-kader op.', startdatum: '2025-03-01', status: 'actief', aantalLeden: 6, openActiepunten: 3 }] } },
  })
  async list(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery & { status?: string }) {
    const status = keuzeParam('status', WERKGROEP_STATUSSEN, query.status);
    await this.freshness.ensure(query);
    return { werkgroepen: await listWerkgroepen(this.runtime.db, { kaderId, status }) };
  }

  @Get('werkgroepen/:werkgroepId')
  @ApiOperation({ summary: 'Een werkgroep met haar leden (rol en organisatie)' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De werkgroep.',
    schema: { type: 'object', example: { werkgroepId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10', soort: 'werkgroep', naam: 'Werkgroep dak- en thuisloosheid', opdracht: 'Werkt de aanpak uit.', startdatum: '2025-04-01', einddatum: '2025-12-31', status: 'actief', aantalLeden: 1, openActiepunten: 0, leden: [{ lidId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', rol: 'beleidsadviseur', organisatie: 'GM0546' }] } },
  })
  async get(@Param('werkgroepId', uuid) werkgroepId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const werkgroep = await getWerkgroep(this.runtime.db, werkgroepId);
    if (!werkgroep) throw nietGevonden('werkgroep', werkgroepId);
    return werkgroep;
  }

  @Post('werkgroepen/:werkgroepId/leden')
  @ApiOperation({ summary: 'Voeg een lid toe aan de werkgroep', description: 'Per rol en organisatie; een naam hoort niet in het dossier.' })
  @ApiCreatedResponse({ type: LidToegevoegdAntwoord })
  @withCommandHeaders()
  async voegLidToe(@Param('werkgroepId', uuid) werkgroepId: string, @Body() body: LidDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const nieuw = lid(body);
    const result = await this.execute(req, werkgroepId, { type: 'VoegLidToe', data: { werkgroepId, lid: nieuw } });
    return commandAntwoord(res, result, { lidId: nieuw.lidId }, `/api/v1/werkgroepen/${werkgroepId}`);
  }

  @Post('werkgroepen/:werkgroepId/leden/:lidId/_verwijderen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Haal een lid uit de werkgroep, met reden', description: 'Kan niet zolang het lid open actiepunten heeft: wijs die eerst toe aan een ander (409).' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async verwijderLid(@Param('werkgroepId', uuid) werkgroepId: string, @Param('lidId', uuid) lidId: string, @Body() body: VerwijderLidDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'VerwijderLid', data: { werkgroepId, lidId, reden: body.reden } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Post('werkgroepen/:werkgroepId/_opheffen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hef de werkgroep op, met datum en reden', description: 'Daarna kan er niets meer aan worden toegevoegd; de geschiedenis blijft.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async hefOp(@Param('werkgroepId', uuid) werkgroepId: string, @Body() body: HefWerkgroepOpDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'HefWerkgroepOp', data: { werkgroepId, datum: body.datum, reden: body.reden } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Post('werkgroepen/:werkgroepId/actiepunten')
  @ApiOperation({ summary: 'Maak een actiepunt aan', description: 'Met omschrijving, eigenaar (een lid, of een rol bij een organisatie) en deadline.' })
  @ApiCreatedResponse({ type: ActiepuntAangemaaktAntwoord })
  @withCommandHeaders()
  async maakActiepunt(@Param('werkgroepId', uuid) werkgroepId: string, @Body() body: MaakActiepuntAanDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const actiepuntId = body.actiepuntId ?? randomUUID();
    const result = await this.execute(req, werkgroepId, {
      type: 'MaakActiepuntAan',
      data: { werkgroepId, actiepuntId, omschrijving: body.omschrijving, eigenaar: eigenaar(body.eigenaar), deadline: body.deadline, ...(body.vergaderingId ? { vergaderingId: body.vergaderingId } : {}) },
    });
    return commandAntwoord(res, result, { actiepuntId }, `/api/v1/werkgroepen/${werkgroepId}/actiepunten`);
  }

  @Get('werkgroepen/:werkgroepId/actiepunten')
  @ApiOperation({ summary: 'De actiepunten van een werkgroep, op deadline', description: 'Status open, te-laat (afgeleid van vandaag, nooit opgeslagen), gereed of vervallen.' })
  @ApiQuery({ name: 'status', required: false, enum: WEERGAVE_STATUSSEN, example: 'open' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De actiepunten.', schema: { type: 'object', example: { actiepunten: [ACTIEPUNT_VOORBEELD] } } })
  async actiepuntenVanWerkgroep(@Param('werkgroepId', uuid) werkgroepId: string, @Query() query: FreshnessQuery & { status?: string }) {
    const status = keuzeParam('status', WEERGAVE_STATUSSEN, query.status);
    await this.freshness.ensure(query);
    if (!(await getWerkgroep(this.runtime.db, werkgroepId))) throw nietGevonden('werkgroep', werkgroepId);
    return { actiepunten: await listActiepunten(this.runtime.db, { vandaag: today(this.now()), werkgroepId, status }) };
  }

  @Get('actiepunten')
  @ApiOperation({
    summary: 'Actiepunten over werkgroepen heen: wat staat open, wat is te laat',
    description: 'Te filteren op kader, werkgroep, lid en status; teLaat=true geeft alleen de open actiepunten waarvan de deadline voorbij is.',
  })
  @ApiQuery({ name: 'kaderId', required: false, example: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10' })
  @ApiQuery({ name: 'werkgroepId', required: false, example: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  @ApiQuery({ name: 'lidId', required: false, example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  @ApiQuery({ name: 'status', required: false, enum: WEERGAVE_STATUSSEN, example: 'open' })
  @ApiQuery({ name: 'teLaat', required: false, type: Boolean, example: true })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De actiepunten, op deadline.', schema: { type: 'object', example: { actiepunten: [ACTIEPUNT_VOORBEELD] } } })
  async actiepunten(@Query() query: FreshnessQuery & { kaderId?: string; werkgroepId?: string; lidId?: string; status?: string; teLaat?: string }) {
    let status = keuzeParam('status', WEERGAVE_STATUSSEN, query.status);
    const teLaat = booleanParam('teLaat', query.teLaat);
    await this.freshness.ensure(query);
    const vandaag = today(this.now());
    if (teLaat === true) {
      if (status && status !== 'te-laat') return { actiepunten: [] };
      status = 'te-laat';
    }
    const rows = await listActiepunten(this.runtime.db, { vandaag, kaderId: query.kaderId || undefined, werkgroepId: query.werkgroepId || undefined, lidId: query.lidId || undefined, status });
    return { actiepunten: teLaat === false ? rows.filter((a) => a.status !== 'te-laat') : rows };
  }

  @Post('werkgroepen/:werkgroepId/actiepunten/:actiepuntId/toewijzingen')
  @ApiOperation({ summary: 'Wijs een actiepunt toe aan een andere eigenaar, met reden' })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async wijsToe(@Param('werkgroepId', uuid) werkgroepId: string, @Param('actiepuntId', uuid) actiepuntId: string, @Body() body: WijsActiepuntToeDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'WijsActiepuntToe', data: { werkgroepId, actiepuntId, eigenaar: eigenaar(body.eigenaar), reden: body.reden } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Post('werkgroepen/:werkgroepId/actiepunten/:actiepuntId/verschuivingen')
  @ApiOperation({ summary: 'Verschuif de deadline van een actiepunt, met reden', description: 'De oorspronkelijke deadline blijft zichtbaar.' })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async verschuif(@Param('werkgroepId', uuid) werkgroepId: string, @Param('actiepuntId', uuid) actiepuntId: string, @Body() body: VerschuifActiepuntDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'VerschuifActiepunt', data: { werkgroepId, actiepuntId, deadline: body.deadline, reden: body.reden } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Post('werkgroepen/:werkgroepId/actiepunten/:actiepuntId/_gereedmelden')
  @HttpCode(200)
  @ApiOperation({ summary: 'Meld een actiepunt gereed' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async gereed(@Param('werkgroepId', uuid) werkgroepId: string, @Param('actiepuntId', uuid) actiepuntId: string, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'MeldActiepuntGereed', data: { werkgroepId, actiepuntId } });
    return commandAntwoord(res, result, {});
  }

  @Post('werkgroepen/:werkgroepId/actiepunten/:actiepuntId/_vervallen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Laat een actiepunt vervallen, met reden' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async vervallen(@Param('werkgroepId', uuid) werkgroepId: string, @Param('actiepuntId', uuid) actiepuntId: string, @Body() body: LaatActiepuntVervallenDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, werkgroepId, { type: 'LaatActiepuntVervallen', data: { werkgroepId, actiepuntId, reden: body.reden } }, body.reden);
    return commandAntwoord(res, result, {});
  }

  private execute<C extends { type: Parameters<typeof werkgroepDecider.decide>[0]['type']; data: object }>(req: AuthenticatedRequest, werkgroepId: string, command: C, reden?: string) {
    const ctx = commandContext(req, this.now());
    const full = { ...command, metadata: meta(req, this.now()) } as Parameters<typeof werkgroepDecider.decide>[0];
    return this.commands.execute(werkgroepDecider, werkgroepStreamId(werkgroepId), full, { ...ctx, reason: ctx.reason ?? reden });
  }
}
