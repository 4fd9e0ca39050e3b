import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import {
  Beleidsdomein, Motivering, OPGAVE_THEMAS, OpgaveCommand, opgaveDecider, OpgaveEvent, opgaveStreamId, OpgaveThema,
} from '../../../../libs/domain/src/opgaven';
import { Schaalniveau, SCHAALNIVEAUS, SubsidiariteitGrond } from '../../../../libs/domain/src/shared';
import {
  gemeenteOpgaven, gemeldeRealisaties, getOpgave, listOpgaven, opgavenMatrix, opgavenTelling, opgaveVoortgang, plaatsingsHistorie,
} from '../../../../libs/read-models/src/opgaven';
import { AuthorisationTarget } from '../../../../libs/auth/src';
import { Runtime } from '../../../../libs/runtime/src';
import { datumParam, eisRol, meta, uuid } from '../besluitvorming/besluitvorming.http';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord, CommandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery, naPositie } from '../http/freshness';
import { cachedUrl, ReadCache } from '../http/read-cache';
import { ProblemException } from '../http/problem';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { eisKader, keuzeParam, naPositieQuery, nietGevonden, withCommandHeaders } from '../werkgroepen/uitwerking.http';
import {
  LegOpgaveVastDto, MeldRealisatieDto, MotiveringDto, OpgaveVastgelegdAntwoord, RealisatieGemeldAntwoord, StelDoelDto, TrekRealisatieInDto, VerplaatsOpgaveDto,
} from './opgaven.dto';

const KADER_ID = '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10';
const OPGAVE_KORT = {
  opgaveId: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', kaderId: KADER_ID, titel: '24-uursopvang voor een kleine doelgroep', thema: 'maatschappelijke-opvang',
  beleidsdomeinen: ['maatschappelijke-zorg'], plaatsing: { schaalniveau: 'regionaal', gemeenten: [] },
};
const LOKAAL_KORT = { ...OPGAVE_KORT, opgaveId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', titel: 'Lokale toegang', thema: 'toegang', plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0546'] } };
const EENHEID = { eenheid: 'plekken-alleenstaanden', gerealiseerd: 7, doel: 12, resterend: 5 };

const motivering = (dto?: MotiveringDto): Motivering | undefined =>
  dto ? { gronden: dto.gronden as SubsidiariteitGrond[], toelichting: dto.toelichting } : undefined;

const plaatsingInvoer = (body: { gemeenten?: string[]; subregio?: string; motivering?: MotiveringDto }) => ({
  ...(body.gemeenten ? { gemeenten: body.gemeenten } : {}),
  ...(body.subregio ? { subregio: body.subregio } : {}),
  ...(body.motivering ? { motivering: motivering(body.motivering) } : {}),
});

@ApiTags('opgaven')
@ApiBearerAuth('bearer')
@Controller()
export class OpgavenController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly commands: CommandGateway,
    private readonly freshness: Freshness,
    private readonly cache: ReadCache,
  ) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Post('kaders/:kaderId/opgaven')
  @ApiOperation({
    summary: 'Leg een opgave vast, met schaalniveau en houder',
    description:
      'Standaard lokaal ("lokaal wat kan, (sub)regionaal wat moet"). Subregionaal of regionaal alleen met een motivering die een grond noemt ' +
      '(schadelijk-voor-clienten, onmogelijk, onbetaalbaar) en die toelicht; zonder: 409 subsidiariteit. De houder past bij het niveau: ' +
      'gemeenten bij lokaal, één subregio bij subregionaal, niets bij regionaal.',
  })
  @ApiCreatedResponse({ type: OpgaveVastgelegdAntwoord })
  @withCommandHeaders()
  async legVast(@Param('kaderId', uuid) kaderId: string, @Body() body: LegOpgaveVastDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'LegOpgaveVast');
    await eisKader(this.runtime, kaderId);
    const opgaveId = body.opgaveId ?? randomUUID();
    const result = await this.execute(req, opgaveId, {
      type: 'LegOpgaveVast',
      data: {
        opgaveId, kaderId, titel: body.titel, omschrijving: body.omschrijving ?? '', thema: body.thema as OpgaveThema,
        ...(body.beleidsdomeinen ? { beleidsdomeinen: body.beleidsdomeinen as Beleidsdomein[] } : {}),
        ...(body.schaalniveau ? { schaalniveau: body.schaalniveau as Schaalniveau } : {}),
        ...plaatsingInvoer(body),
      },
    });
    return commandAntwoord(res, result, { opgaveId }, `/api/v1/opgaven/${opgaveId}`);
  }

  @Get('kaders/:kaderId/opgaven')
  @ApiOperation({ summary: 'De opgaven van een kader', description: 'Te filteren op schaalniveau, thema en gemeente (wat zij houdt of deelt: lokaal met haar, haar subregio, de regio).' })
  @ApiQuery({ name: 'schaalniveau', required: false, enum: SCHAALNIVEAUS, example: 'lokaal' })
  @ApiQuery({ name: 'thema', required: false, enum: OPGAVE_THEMAS, example: 'maatschappelijke-opvang' })
  @ApiQuery({ name: 'gemeente', required: false, example: 'GM0546', description: 'CBS-gemeentecode.' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De opgaven, op titel.', schema: { type: 'object', example: { opgaven: [OPGAVE_KORT] } } })
  async list(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery & { schaalniveau?: string; thema?: string; gemeente?: string }) {
    const schaalniveau = keuzeParam('schaalniveau', SCHAALNIVEAUS, query.schaalniveau);
    const thema = keuzeParam('thema', OPGAVE_THEMAS, query.thema);
    if (query.gemeente !== undefined && !/^GM\d{4}$/.test(query.gemeente)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'gemeente moet een gemeentecode zijn, zoals GM0546.', { fouten: [{ veld: 'gemeente', melding: 'geen gemeentecode' }] });
    }
    await this.freshness.ensure(query);
    return { opgaven: await listOpgaven(this.runtime.db, { kaderId, schaalniveau, thema, gemeente: query.gemeente }) };
  }

  @Get('kaders/:kaderId/opgaven-matrix')
  @ApiOperation({ summary: 'Opgaven per niveau en houder', description: 'De regio, elk van de 3 subregio\'s en elk van de 13 gemeenten (ook zonder opgaven); een gedeelde lokale opgave staat bij elke houder.' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De matrix.',
    schema: {
      type: 'object',
      example: {
        kaderId: KADER_ID, regionaal: [OPGAVE_KORT], subregionaal: [{ subregio: 'leidse-regio', naam: 'Leidse regio', opgaven: [] }],
        lokaal: [{ gemeente: 'GM0546', naam: 'Leiden', subregio: 'leidse-regio', opgaven: [LOKAAL_KORT] }],
      },
    },
  })
  async matrix(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery, @Res({ passthrough: true }) res: Response) {
    await this.freshness.ensure(query);
    const freshness = { projection: 'opgaven', exact: () => this.cache.projectionStamp('opgaven'), atLeast: naPositie(query), url: cachedUrl(res) };
    return this.cache.json(res, `opgaven-matrix:${kaderId}`, freshness, async () => ({ value: await opgavenMatrix(this.runtime.db, kaderId) }));
  }

  @Get('kaders/:kaderId/gemeenten/:gemeenteCode/opgaven')
  @ApiOperation({ summary: 'De opgaven van één gemeente', description: 'Wat zij alleen houdt, wat zij lokaal deelt en met wie, wat haar subregio houdt en wat de regio houdt.' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'Het overzicht van de gemeente.',
    schema: { type: 'object', example: { gemeente: 'GM0546', naam: 'Leiden', subregio: 'leidse-regio', eigen: [LOKAAL_KORT], gedeeldLokaal: [], subregionaal: [], regionaal: [OPGAVE_KORT] } },
  })
  async gemeente(@Param('kaderId', uuid) kaderId: string, @Param('gemeenteCode') gemeenteCode: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const view = await gemeenteOpgaven(this.runtime.db, kaderId, gemeenteCode);
    if (!view) throw new ProblemException(404, 'gemeente-niet-gevonden', 'Gemeente niet gevonden', `${gemeenteCode} is geen gemeente van Holland Rijnland.`);
    return view;
  }

  @Get('kaders/:kaderId/opgaven-telling')
  @ApiOperation({ summary: 'Aantallen opgaven per schaalniveau en per thema' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De telling.',
    schema: { type: 'object', example: { kaderId: KADER_ID, totaal: 2, perSchaalniveau: { lokaal: 1, subregionaal: 0, regionaal: 1 }, perThema: [{ thema: 'toegang', totaal: 1, lokaal: 1, subregionaal: 0, regionaal: 0 }] } },
  })
  async telling(@Param('kaderId', uuid) kaderId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    return opgavenTelling(this.runtime.db, kaderId);
  }

  @Get('opgaven/:opgaveId')
  @ApiOperation({ summary: 'Een opgave met plaatsing, motivering en doel' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De opgave.',
    schema: {
      type: 'object',
      example: {
        ...OPGAVE_KORT, omschrijving: 'Opvang met 24-uurstoezicht.', motivering: { gronden: ['onbetaalbaar'], toelichting: 'Per gemeente niet te bekostigen.' },
        doel: { omschrijving: '12 plekken', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }], streefdatum: '2026-12-31', gesteldOp: '2025-06-01T09:00:00.000Z' },
        vastgelegdOp: '2025-05-01T09:00:00.000Z',
      },
    },
  })
  async get(@Param('opgaveId', uuid) opgaveId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const opgave = await getOpgave(this.runtime.db, opgaveId);
    if (!opgave) throw nietGevonden('opgave', opgaveId);
    return opgave;
  }

  @Post('opgaven/:opgaveId/verplaatsingen')
  @ApiOperation({
    summary: 'Verplaats een opgave naar een ander niveau of een andere houder',
    description: 'Met reden; naar subregionaal of regionaal ook met motivering (anders 409 subsidiariteit). De vorige plaatsing blijft in de geschiedenis.',
  })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async verplaats(@Param('opgaveId', uuid) opgaveId: string, @Body() body: VerplaatsOpgaveDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, opgaveId, {
      type: 'VerplaatsOpgave', data: { opgaveId, schaalniveau: body.schaalniveau as Schaalniveau, reden: body.reden, ...plaatsingInvoer(body) },
    }, undefined, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Get('opgaven/:opgaveId/verplaatsingen')
  @ApiOperation({ summary: 'De plaatsingsgeschiedenis: de eerste plaatsing en elke verplaatsing, met motivering, reden en wie' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'Oudste eerst.',
    schema: {
      type: 'object',
      example: {
        plaatsingen: [
          { soort: 'vastgelegd', plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0546'] }, op: '2025-05-01T09:00:00.000Z', door: { id: 'user-pl-1', role: 'projectleider' } },
          { soort: 'verplaatst', plaatsing: { schaalniveau: 'subregionaal', gemeenten: [], subregio: 'leidse-regio' }, motivering: { gronden: ['onmogelijk'], toelichting: 'Te weinig cliënten per gemeente.' }, reden: 'Afspraak directeurenoverleg.', op: '2025-06-01T09:00:00.000Z' },
        ],
      },
    },
  })
  async historie(@Param('opgaveId', uuid) opgaveId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const plaatsingen = await plaatsingsHistorie(this.runtime.db, opgaveId);
    if (plaatsingen.length === 0) throw nietGevonden('opgave', opgaveId);
    return { plaatsingen };
  }

  @Put('opgaven/:opgaveId/doel')
  @ApiOperation({ summary: 'Stel het meetbare doel van een opgave', description: 'Aantallen per eenheid, met streefdatum; een bestaand doel bijstellen vraagt een reden.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async doel(@Param('opgaveId', uuid) opgaveId: string, @Body() body: StelDoelDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.execute(req, opgaveId, {
      type: 'StelDoel',
      data: {
        opgaveId, omschrijving: body.omschrijving, eenheden: body.eenheden.map((e) => ({ eenheid: e.eenheid, aantal: e.aantal })),
        ...(body.streefdatum ? { streefdatum: body.streefdatum } : {}), ...(body.reden ? { reden: body.reden } : {}),
      },
    }, undefined, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Post('opgaven/:opgaveId/realisaties')
  @ApiOperation({
    summary: 'Meld wat een gemeente heeft gerealiseerd',
    description: 'Een gemeente meldt alleen voor haar eigen gemeentecode (anders 403), en alleen voor een opgave die zij (mede) houdt; het programmateam mag voor elke gemeente melden.',
  })
  @ApiCreatedResponse({ type: RealisatieGemeldAntwoord })
  @withCommandHeaders()
  async meldRealisatie(@Param('opgaveId', uuid) opgaveId: string, @Body() body: MeldRealisatieDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const realisatieId = body.realisatieId ?? randomUUID();
    const result = await this.execute(req, opgaveId, {
      type: 'MeldRealisatie',
      data: {
        opgaveId, realisatieId, gemeente: body.gemeente, datum: body.datum, eenheden: body.eenheden.map((e) => ({ eenheid: e.eenheid, aantal: e.aantal })),
        ...(body.toelichting ? { toelichting: body.toelichting } : {}),
      },
    }, { gemeente: body.gemeente }, undefined, `${body.datum}T00:00:00.000Z`);
    return commandAntwoord(res, result, { realisatieId }, `/api/v1/opgaven/${opgaveId}/voortgang`);
  }

  @Get('opgaven/:opgaveId/realisaties')
  @ApiOperation({
    summary: 'De gemelde realisaties van een opgave',
    description: 'Op datum, ook de ingetrokken (gemarkeerd, met reden): om een melding terug te vinden, bijvoorbeeld om haar in te trekken.',
  })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'Op datum, oudste eerst.',
    schema: {
      type: 'object',
      example: {
        realisaties: [{
          realisatieId: '0b6c3e9a-6f0e-4d1e-9a55-2f1c8d4e7a10', gemeente: 'GM0537', subregio: 'duin-en-bollenstreek', datum: '2026-03-31',
          eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }], ingetrokken: false,
        }],
      },
    },
  })
  async realisaties(@Param('opgaveId', uuid) opgaveId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const realisaties = await gemeldeRealisaties(this.runtime.db, opgaveId);
    if (!realisaties) throw nietGevonden('opgave', opgaveId);
    return { realisaties };
  }

  @Post('opgaven/:opgaveId/realisaties/:realisatieId/_intrekken')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trek een gemelde realisatie in, met reden', description: 'Door de gemeente die haar meldde, of het programmateam. Ze telt daarna niet meer mee; de melding blijft in de geschiedenis.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async trekIn(@Param('opgaveId', uuid) opgaveId: string, @Param('realisatieId', uuid) realisatieId: string, @Body() body: TrekRealisatieInDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'TrekRealisatieIn');
    // The gemeente that may withdraw is the one that reported, as the opgave's own stream says.
    const events = await this.runtime.store.readStream(opgaveStreamId(opgaveId));
    const melding = events.map((e) => ({ type: e.type, data: e.data }) as OpgaveEvent)
      .find((e) => e.type === 'RealisatieGemeld' && e.data.realisatieId === realisatieId);
    const target = melding?.type === 'RealisatieGemeld' ? { gemeente: melding.data.gemeente } : {};
    const result = await this.execute(req, opgaveId, { type: 'TrekRealisatieIn', data: { opgaveId, realisatieId, reden: body.reden } }, target, body.reden);
    return commandAntwoord(res, result, {});
  }

  @Get('opgaven/:opgaveId/voortgang')
  @ApiOperation({
    summary: 'Voortgang per gemeente, subregio en regio',
    description: 'Gerealiseerd tegen het doel; ook gebieden zonder realisatie staan erin, zodat zichtbaar is wat nog ontbreekt. Met peildatum: de stand op die dag.',
  })
  @ApiQuery({ name: 'peildatum', required: false, example: '2025-12-31', description: 'De stand op deze dag (JJJJ-MM-DD).' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'De voortgang.',
    schema: {
      type: 'object',
      example: {
        opgaveId: OPGAVE_KORT.opgaveId, perGemeente: [{ gemeente: 'GM0537', subregio: 'duin-en-bollenstreek', eenheden: [{ eenheid: 'plekken-alleenstaanden', gerealiseerd: 4 }] }],
        perSubregio: [{ subregio: 'duin-en-bollenstreek', eenheden: [EENHEID] }], regio: [EENHEID],
      },
    },
  })
  async voortgang(@Param('opgaveId', uuid) opgaveId: string, @Query() query: FreshnessQuery & { peildatum?: string }) {
    const peildatum = datumParam('peildatum', query.peildatum);
    await this.freshness.ensure(query);
    const voortgang = await opgaveVoortgang(this.runtime.db, opgaveId, peildatum);
    if (!voortgang) throw nietGevonden('opgave', opgaveId);
    return voortgang;
  }

  private execute(req: AuthenticatedRequest, opgaveId: string, command: Omit<OpgaveCommand, 'metadata'>, target: AuthorisationTarget = {}, reden?: string, occurredAt?: string) {
    const ctx = commandContext(req, this.now(), occurredAt);
    const full = { ...command, metadata: meta(req, this.now()) } as OpgaveCommand;
    return this.commands.execute(opgaveDecider, opgaveStreamId(opgaveId), full, { ...ctx, reason: ctx.reason ?? reden }, target);
  }
}
