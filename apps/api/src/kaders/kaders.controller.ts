import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { FASEN, Fase } from '../../../../libs/domain/src/shared';
import { kaderDecider, kaderStreamId } from '../../../../libs/domain/src/kader';
import { foldKaderStatus, getKaderStatus, kaderStatusAsOf, kaderStatusStamp, listKaders, presentKaderStatus } from '../../../../libs/read-models/src/kader-status';
import { Runtime } from '../../../../libs/runtime/src';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord, CommandAntwoord } from '../http/command-response';
import { AuthenticatedRequest, commandContext, CurrentRequest, etag } from '../http/request-context';
import { commandMeta, today, uuid, withCommandHeaders } from '../http/params';
import { ProblemException } from '../http/problem';
import { Freshness, FreshnessQuery, naPositie, naPositieQuery } from '../http/freshness';
import { cachedUrl, ReadCache } from '../http/read-cache';
import {
  AnnuleerMijlpaalDto, BehaalMijlpaalDto, FaseOvergangDto, KaderGestartAntwoord, MijlpaalGeplandAntwoord, PlanMijlpaalDto,
  StartKaderDto, VerschuifMijlpaalDto, WijsProjectleiderAanDto,
} from './kader.dto';

@ApiTags('kaders')
@ApiBearerAuth('bearer')
@Controller('kaders')
export class KadersController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly commands: CommandGateway,
    private readonly freshness: Freshness,
    private readonly cache: ReadCache,
  ) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Post()
  @ApiOperation({ summary: 'Start een nieuw beleidskader', description: 'Het kader begint in de fase opdracht.' })
  @ApiCreatedResponse({ type: KaderGestartAntwoord })
  @withCommandHeaders()
  async start(@Body() body: StartKaderDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const kaderId = randomUUID();
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'StartKader',
      data: { kaderId, titel: body.titel, periode: body.periode, opdrachtgever: body.opdrachtgever as never, vaststellingsregel: body.vaststellingsregel },
      metadata: this.meta(req),
    }, commandContext(req, this.now()));
    const id = (result.events[0]?.data as { kaderId?: string } | undefined)?.kaderId ?? kaderIdFrom(result.streamId);
    return commandAntwoord(res, result, { kaderId: id }, `/api/v1/kaders/${id}`);
  }

  @Get()
  @ApiOperation({ summary: 'Alle kaders met hun fase' })
  @ApiQuery({ name: 'fase', required: false, enum: FASEN })
  @ApiOkResponse({ description: 'De kaders, op titel.' })
  async list(@Query() query: FreshnessQuery & { fase?: string }) {
    await this.freshness.ensure(query);
    if (query.fase !== undefined && !FASEN.includes(query.fase as Fase)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', `fase moet een van deze waarden zijn: ${FASEN.join(', ')}`, {
        fouten: [{ veld: 'fase', melding: 'onbekende fase' }],
      });
    }
    const docs = await listKaders(this.runtime.db, { fase: query.fase });
    return { kaders: docs.map((d) => presentKaderStatus(d, today(this.now()))) };
  }

  @Get(':kaderId')
  @ApiOperation({
    summary: 'De stand van een kader',
    description:
      'Fase, fasegeschiedenis, mijlpalen met afgeleide status (te laat wordt nooit opgeslagen), de volgende mijlpaal en wat de volgende fase nog blokkeert. ' +
      'Met peilmoment (tijdstip) of opPositie: de stand zoals die toen was vastgelegd.',
  })
  @ApiQuery({ name: 'peilmoment', required: false, description: 'Stand zoals vastgelegd op dit tijdstip (ISO 8601) of deze datum (einde van de dag, UTC).' })
  @ApiQuery({ name: 'opPositie', required: false, type: Number, description: 'Stand na deze positie in de gebeurtenissenvolgorde.' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De stand van het kader. ETag is de versie.' })
  async get(
    @Param('kaderId', uuid) kaderId: string,
    @Query() query: FreshnessQuery & { peilmoment?: string; opPositie?: string },
    @Res({ passthrough: true }) res: Response,
  ) {
    const asOf = parseAsOf(query.peilmoment, query.opPositie);
    if (asOf) {
      const doc = await kaderStatusAsOf(this.runtime.db, this.runtime.store, kaderId, asOf);
      if (!doc) throw kaderNietGevonden(kaderId, true);
      res.setHeader('ETag', etag(doc.versie));
      return presentKaderStatus(doc, (asOf.recordedUntil ?? doc.bijgewerktOp).slice(0, 10));
    }
    await this.freshness.ensure(query);
    const exact = async () => {
      const stamp = await kaderStatusStamp(this.runtime.db, kaderId);
      if (!stamp) throw kaderNietGevonden(kaderId, false);
      return stamp;
    };
    const freshness = { projection: 'kader-status', exact, atLeast: naPositie(query), suffix: () => today(this.now()), url: cachedUrl(res) };
    return this.cache.json(res, `kader:${kaderId}`, freshness, async (dag) => {
      const doc = await getKaderStatus(this.runtime.db, kaderId);
      if (!doc) throw kaderNietGevonden(kaderId, false);
      return { value: presentKaderStatus(doc, dag), etag: etag(doc.versie) };
    });
  }

  @Put(':kaderId/projectleider')
  @ApiOperation({ summary: 'Wijs de projectleider aan' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async projectleider(@Param('kaderId', uuid) kaderId: string, @Body() body: WijsProjectleiderAanDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'WijsProjectleiderAan', data: { kaderId, projectleiderId: body.projectleiderId }, metadata: this.meta(req),
    }, commandContext(req, this.now()));
    return commandAntwoord(res, result, {});
  }

  @Get(':kaderId/fase-overgangen')
  @ApiOperation({ summary: 'De fasegeschiedenis: elke overgang, vooruit en terug, met wie, wanneer en waarom' })
  @ApiOkResponse({ description: 'De overgangen, oudste eerst.' })
  async faseOvergangen(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const doc = await getKaderStatus(this.runtime.db, kaderId);
    if (!doc) throw kaderNietGevonden(kaderId, false);
    return { faseOvergangen: doc.faseGeschiedenis };
  }

  @Post(':kaderId/fase-overgangen')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Ga naar de volgende fase, of terug naar een eerdere',
    description: 'Vooruit kan alleen als aan de voorwaarden is voldaan; anders 409 met elke onvervulde voorwaarde. Terug vraagt een reden.',
  })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async faseOvergang(@Param('kaderId', uuid) kaderId: string, @Body() body: FaseOvergangDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const ctx = commandContext(req, this.now());
    const current = await this.runtime.store.readStream(kaderStreamId(kaderId));
    const fase = current.length ? foldKaderStatus(current).state : undefined;
    const naarFase = body.naarFase as Fase;
    const terug = fase && fase.status === 'gestart' && FASEN.indexOf(naarFase) < FASEN.indexOf(fase.fase);
    const command = terug
      ? { type: 'ZetFaseTerug' as const, data: { kaderId, naarFase, reden: body.reden ?? '' }, metadata: this.meta(req) }
      : { type: 'BetreedFase' as const, data: { kaderId, fase: naarFase, ...(body.reden ? { toelichting: body.reden } : {}) }, metadata: this.meta(req) };
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), command, { ...ctx, reason: ctx.reason ?? body.reden });
    return commandAntwoord(res, result, { fase: naarFase });
  }

  @Get(':kaderId/mijlpalen')
  @ApiOperation({ summary: 'Mijlpalen met afgeleide status (gepland, te-laat, behaald, geannuleerd)' })
  @ApiOkResponse({ description: 'Mijlpalen op deadline.' })
  async mijlpalen(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const doc = await getKaderStatus(this.runtime.db, kaderId);
    if (!doc) throw kaderNietGevonden(kaderId, false);
    const view = presentKaderStatus(doc, today(this.now()));
    return { mijlpalen: view.mijlpalen, volgendeMijlpaal: view.volgendeMijlpaal };
  }

  @Post(':kaderId/mijlpalen')
  @ApiOperation({ summary: 'Plan een mijlpaal' })
  @ApiCreatedResponse({ type: MijlpaalGeplandAntwoord })
  @withCommandHeaders()
  async planMijlpaal(@Param('kaderId', uuid) kaderId: string, @Body() body: PlanMijlpaalDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const mijlpaalId = body.mijlpaalId ?? randomUUID();
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'PlanMijlpaal', data: { kaderId, mijlpaalId, titel: body.titel, fase: body.fase as Fase, deadline: body.deadline, eigenaar: body.eigenaar }, metadata: this.meta(req),
    }, commandContext(req, this.now()));
    return commandAntwoord(res, result, { mijlpaalId }, `/api/v1/kaders/${kaderId}/mijlpalen/${mijlpaalId}`);
  }

  @Post(':kaderId/mijlpalen/:mijlpaalId/verschuivingen')
  @ApiOperation({ summary: 'Verschuif de deadline van een mijlpaal, met reden' })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async verschuif(@Param('kaderId', uuid) kaderId: string, @Param('mijlpaalId', uuid) mijlpaalId: string, @Body() body: VerschuifMijlpaalDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const ctx = commandContext(req, this.now());
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'VerschuifMijlpaal', data: { kaderId, mijlpaalId, nieuweDeadline: body.nieuweDeadline, reden: body.reden }, metadata: this.meta(req),
    }, { ...ctx, reason: ctx.reason ?? body.reden });
    return commandAntwoord(res, result, {});
  }

  @Post(':kaderId/mijlpalen/:mijlpaalId/_behalen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Markeer een mijlpaal als behaald, met de datum' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async behaal(@Param('kaderId', uuid) kaderId: string, @Param('mijlpaalId', uuid) mijlpaalId: string, @Body() body: BehaalMijlpaalDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'BehaalMijlpaal', data: { kaderId, mijlpaalId, behaaldOp: body.behaaldOp }, metadata: this.meta(req),
    }, commandContext(req, this.now(), `${body.behaaldOp}T00:00:00.000Z`));
    return commandAntwoord(res, result, {});
  }

  @Post(':kaderId/mijlpalen/:mijlpaalId/_annuleren')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annuleer een mijlpaal, met reden' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async annuleer(@Param('kaderId', uuid) kaderId: string, @Param('mijlpaalId', uuid) mijlpaalId: string, @Body() body: AnnuleerMijlpaalDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const ctx = commandContext(req, this.now());
    const result = await this.commands.execute(kaderDecider, kaderStreamId(kaderId), {
      type: 'AnnuleerMijlpaal', data: { kaderId, mijlpaalId, reden: body.reden }, metadata: this.meta(req),
    }, { ...ctx, reason: ctx.reason ?? body.reden });
    return commandAntwoord(res, result, {});
  }

  private meta(req: AuthenticatedRequest) {
    return commandMeta(req, this.now());
  }
}

const kaderIdFrom = (streamId: string) => streamId.replace(/^kader-/, '');

const kaderNietGevonden = (kaderId: string, historisch: boolean) =>
  new ProblemException(404, 'kader-niet-gevonden', 'Kader niet gevonden',
    historisch ? `Op dat moment was er nog geen kader met id ${kaderId} vastgelegd.` : `Er is geen kader met id ${kaderId}.`);

/** peilmoment (instant or date, end of that day) or opPositie, as stream read filters. */
export function parseAsOf(peilmoment?: string, opPositie?: string): { recordedUntil?: string; maxPosition?: number } | undefined {
  if (peilmoment === undefined && opPositie === undefined) return undefined;
  const filter: { recordedUntil?: string; maxPosition?: number } = {};
  if (peilmoment !== undefined) {
    const value = /^\d{4}-\d{2}-\d{2}$/.test(peilmoment) ? `${peilmoment}T23:59:59.999Z` : peilmoment;
    const parsed = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(peilmoment) || Number.isNaN(parsed.getTime())) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'peilmoment moet een datum (JJJJ-MM-DD) of tijdstip (ISO 8601) zijn.', {
        fouten: [{ veld: 'peilmoment', melding: 'geen geldige datum of tijdstip' }],
      });
    }
    filter.recordedUntil = parsed.toISOString();
  }
  if (opPositie !== undefined) {
    if (!/^\d{1,15}$/.test(opPositie)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'opPositie moet een geheel getal zijn.', {
        fouten: [{ veld: 'opPositie', melding: 'geen geheel getal' }],
      });
    }
    filter.maxPosition = Number(opPositie);
  }
  return filter;
}
