import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { chainHead } from '../../../../libs/audit/src';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { vergaderingDecider, vergaderingOccurredAt, VergaderingCommand, vergaderingStream } from '../../../../libs/domain/src/besluitvorming';
import { BesluitOnderwerp, BesluitUitkomst, GremiumCode } from '../../../../libs/domain/src/shared';
import { besluitenlijstCsv, besluitenlijstPdf, BesluitenlijstDocument } from '../../../../libs/exports/src';
import { besluitenlijst, BesluitVersie, getBesluit } from '../../../../libs/read-models/src/besluiten';
import { Runtime } from '../../../../libs/runtime/src';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { CommandAntwoord, commandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery, naPositieQuery } from '../http/freshness';
import { ProblemException } from '../http/problem';
import { AuthenticatedRequest, commandContext, CurrentRequest, Public } from '../http/request-context';
import {
  AgendapuntToegevoegdAntwoord, BesluitGenomenAntwoord, NeemBesluitDto, PlanVergaderingDto, PubliceerBesluitenlijstDto, StelBesluitenlijstVastDto,
  VergaderingGeplandAntwoord, VoegAgendapuntToeDto,
} from './besluitvorming.dto';
import { datumParam, eisRol, meta, naKaderGevolgen, uuid, vergaderingNietGevonden, vergaderingUitStream, withCommandHeaders } from './besluitvorming.http';
import { listVergaderingen } from './besluitvorming.queries';

const VERGADERING_VOORBEELD = {
  vergaderingId: '5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11',
  gremium: 'bestuurscommissie-maatschappij',
  datum: '2025-10-08',
  titel: 'Bestuurscommissie Maatschappij',
  vastgesteldOp: '2025-10-15',
  publicerenUiterlijk: '2025-10-29',
  agendapunten: [
    {
      agendapuntId: '7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f',
      volgnummer: 1,
      titel: 'Concept-beleidskader maatschappelijke zorg',
      kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10',
      onderwerp: 'concept-kader',
      besluit: { besluitId: '2c9e7b1a-5d4f-4a3e-8b2c-1d0e9f8a7b6c', uitkomst: 'voorgenomen-besluit', besluittekst: 'Voorgenomen besluit over het concept-kader.', datum: '2025-10-08', versie: 1, status: 'genomen', amendementen: [] },
    },
  ],
};

const FORMATEN = ['json', 'csv', 'pdf'] as const;
type Formaat = (typeof FORMATEN)[number];

@ApiTags('vergaderingen')
@ApiBearerAuth('bearer')
@Controller('vergaderingen')
export class VergaderingenController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly commands: CommandGateway, private readonly freshness: Freshness) {}

  private now() {
    return this.runtime.config.clock();
  }

  /** Every vergadering command: gremium from the stream (or the body when planning), occurredAt from the event it leads to. */
  private async execute(req: AuthenticatedRequest, vergaderingId: string, gremium: string, command: Omit<VergaderingCommand, 'metadata'>, occurredAt?: string) {
    const ctx = commandContext(req, this.now(), occurredAt);
    const reden = (command.data as { reden?: string }).reden;
    return this.commands.execute(vergaderingDecider, vergaderingStream(vergaderingId), { ...command, metadata: meta(req, this.now()) } as VergaderingCommand,
      { ...ctx, reason: ctx.reason ?? reden }, { gremium });
  }

  @Post()
  @ApiOperation({ summary: 'Plan een vergadering van een gremium', description: 'Alleen de secretaris van dat gremium (organisatie in het token) mag dit.' })
  @ApiCreatedResponse({ type: VergaderingGeplandAntwoord })
  @withCommandHeaders()
  async plan(@Body() body: PlanVergaderingDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const vergaderingId = body.vergaderingId ?? randomUUID();
    const result = await this.execute(req, vergaderingId, body.gremium, {
      type: 'PlanVergadering',
      data: { vergaderingId, gremium: body.gremium as GremiumCode, datum: body.datum, titel: body.titel, ...(body.locatie ? { locatie: body.locatie } : {}) },
    });
    return commandAntwoord(res, result, { vergaderingId }, `/api/v1/vergaderingen/${vergaderingId}`);
  }

  @Get()
  @ApiOperation({ summary: 'Vergaderingen, nieuwste eerst', description: 'Filter op gremium en op vergaderdatum (van en tot, beide inclusief).' })
  @ApiQuery({ name: 'gremium', required: false, example: 'bestuurscommissie-maatschappij' })
  @ApiQuery({ name: 'van', required: false, description: 'Vergaderdatum vanaf (JJJJ-MM-DD).', example: '2025-01-01' })
  @ApiQuery({ name: 'tot', required: false, description: 'Vergaderdatum tot en met (JJJJ-MM-DD).', example: '2025-12-31' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De vergaderingen.', schema: { type: 'object', example: { vergaderingen: [{ ...VERGADERING_VOORBEELD, agendapunten: undefined }] } } })
  async list(@Query() query: FreshnessQuery & { gremium?: string; van?: string; tot?: string }) {
    await this.freshness.ensure(query);
    const vergaderingen = await listVergaderingen(this.runtime.db, { gremium: query.gremium || undefined, van: datumParam('van', query.van), tot: datumParam('tot', query.tot) });
    return { vergaderingen };
  }

  @Get(':vergaderingId')
  @ApiOperation({ summary: 'Een vergadering met haar agenda', description: 'Elk agendapunt met voorstel (documenten met inhoudshash) en het huidige besluit.' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'De vergadering en agenda.', schema: { type: 'object', example: VERGADERING_VOORBEELD } })
  async get(@Param('vergaderingId', uuid) vergaderingId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const lijst = await besluitenlijst(this.runtime.db, vergaderingId);
    if (!lijst) throw vergaderingNietGevonden(vergaderingId);
    return lijst;
  }

  @Post(':vergaderingId/agendapunten')
  @ApiOperation({ summary: 'Zet een agendapunt op de agenda', description: 'Met onderwerp en kader als het agendapunt over het kaderproces gaat, en optioneel het voorstel met documentverwijzingen.' })
  @ApiCreatedResponse({ type: AgendapuntToegevoegdAntwoord })
  @withCommandHeaders()
  async agendapunt(@Param('vergaderingId', uuid) vergaderingId: string, @Body() body: VoegAgendapuntToeDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'VoegAgendapuntToe');
    const { state } = await vergaderingUitStream(this.runtime, vergaderingId);
    const agendapuntId = body.agendapuntId ?? randomUUID();
    const result = await this.execute(req, vergaderingId, state.gremium, {
      type: 'VoegAgendapuntToe',
      data: {
        agendapuntId, volgnummer: body.volgnummer, titel: body.titel, onderwerp: body.onderwerp as BesluitOnderwerp,
        ...(body.kaderId ? { kaderId: body.kaderId } : {}),
        ...(body.voorstel ? { voorstel: { titel: body.voorstel.titel, samenvatting: body.voorstel.samenvatting, documenten: body.voorstel.documenten.map((d) => ({ titel: d.titel, url: d.url, hash: d.hash })) } } : {}),
      },
    });
    return commandAntwoord(res, result, { agendapuntId }, `/api/v1/vergaderingen/${vergaderingId}`);
  }

  @Post(':vergaderingId/agendapunten/:agendapuntId/besluiten')
  @ApiOperation({
    summary: 'Leg het besluit over een agendapunt vast',
    description:
      'Uitkomst, datum waarop besloten is (ook als de griffie het later vastlegt), besluittekst, toelichting, amendementen en stemmen; de uitslag berekent de server. ' +
      'Gaat het agendapunt over het kaderproces, dan werkt het besluit door in het kader (fasevoorwaarden, lokale vaststelling). Het antwoord komt pas als dat is vastgelegd; ' +
      'positie dekt ook die kaderwijziging, dus GET /kaders/{kaderId}?naPositie=<positie> toont het effect.',
  })
  @ApiCreatedResponse({ type: BesluitGenomenAntwoord })
  @withCommandHeaders()
  async besluit(
    @Param('vergaderingId', uuid) vergaderingId: string,
    @Param('agendapuntId', uuid) agendapuntId: string,
    @Body() body: NeemBesluitDto,
    @CurrentRequest() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    eisRol(req, 'NeemBesluit');
    const { state } = await vergaderingUitStream(this.runtime, vergaderingId);
    const besluitId = state.agendapunten[agendapuntId]?.besluitId ?? randomUUID();
    const data = {
      besluitId, agendapuntId, uitkomst: body.uitkomst as BesluitUitkomst, besluittekst: body.besluittekst, datum: body.datum,
      ...(body.toelichting !== undefined ? { toelichting: body.toelichting } : {}),
      ...(body.amendementen ? { amendementen: body.amendementen.map((a) => ({ titel: a.titel, tekst: a.tekst, ...(a.aangenomen !== undefined ? { aangenomen: a.aangenomen } : {}) })) } : {}),
      ...(body.stemming ? { stemming: body.stemming as never } : {}),
    };
    const occurredAt = vergaderingOccurredAt({ type: 'BesluitGenomen', data: { datum: body.datum } } as never, this.now().toISOString());
    const result = await naKaderGevolgen(this.runtime, await this.execute(req, vergaderingId, state.gremium, { type: 'NeemBesluit', data }, occurredAt));
    return commandAntwoord(res, result, { besluitId }, `/api/v1/besluiten/${besluitId}`);
  }

  @Get(':vergaderingId/besluitenlijst')
  @ApiOperation({
    summary: 'De besluitenlijst van een vergadering, als JSON, CSV of PDF',
    description: 'Kies het formaat met ?formaat=json|csv|pdf of de Accept-header (text/csv, application/pdf). Met elke rectificatie en intrekking. ' +
      'Openbaar (Wet open overheid) zodra de lijst gepubliceerd is; daarvoor alleen met een toegangstoken.',
  })
  @Public()
  @ApiQuery({ name: 'formaat', required: false, enum: FORMATEN, example: 'csv' })
  @naPositieQuery()
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ description: 'De besluitenlijst.', schema: { type: 'object', example: { ...VERGADERING_VOORBEELD, gremiumNaam: 'Bestuurscommissie Maatschappij' } } })
  async besluitenlijst(@Param('vergaderingId', uuid) vergaderingId: string, @Query() query: FreshnessQuery & { formaat?: string }, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.freshness.ensure(query);
    const formaat = kiesFormaat(query.formaat, req.header('accept'));
    const doc = await this.document(vergaderingId);
    if (!(req as AuthenticatedRequest).actor && !doc.lijst.publicatie) throw nogNietOpenbaar();
    const bestand = `besluitenlijst-${doc.lijst.gremium}-${doc.lijst.datum}`;
    if (formaat === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${bestand}.csv"`);
      res.send(besluitenlijstCsv(doc));
      return;
    }
    if (formaat === 'pdf') {
      const pdf = await besluitenlijstPdf(doc);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="${bestand}.pdf"`);
      res.send(pdf);
      return;
    }
    return { ...doc.lijst, versies: doc.versies };
  }

  @Get(':vergaderingId/besluitenlijst/diwoo-metadata')
  @ApiOperation({ summary: 'DiWoo-metadata van de gepubliceerde besluitenlijst', description: 'Hoort bij het gepubliceerde document; 404 zolang de lijst niet gepubliceerd is.' })
  @ApiOkResponse({
    description: 'DiWoo-metadata (publisher, officiële titel, informatiecategorie, documenthandeling).',
    schema: {
      type: 'object',
      example: {
        publisher: { resource: 'https://identifier.overheid.nl/tooi/id/so/so0507' },
        officieleTitel: 'Besluitenlijst Bestuurscommissie Maatschappij 2025-10-08',
        informatiecategorieen: [{ resource: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_3a248e3a', label: "agenda's en besluitenlijsten bestuurscolleges" }],
        documenthandelingen: [{ soortHandeling: { resource: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_641ecd76', label: 'vaststelling' }, atTime: '2025-10-15', wasAssociatedWith: { resource: 'https://identifier.overheid.nl/tooi/id/so/so0507' } }],
        creatiedatum: '2025-10-15',
      },
    },
  })
  @Header('Cache-Control', 'no-cache')
  @Public()
  async diwoo(@Param('vergaderingId', uuid) vergaderingId: string, @Query() query: FreshnessQuery) {
    await this.freshness.ensure(query);
    const lijst = await besluitenlijst(this.runtime.db, vergaderingId);
    if (!lijst) throw vergaderingNietGevonden(vergaderingId);
    if (!lijst.publicatie) throw new ProblemException(404, 'besluitenlijst-niet-gepubliceerd', 'De besluitenlijst is nog niet gepubliceerd', 'DiWoo-metadata bestaat pas na publicatie.');
    return lijst.publicatie.diwoo;
  }

  @Post(':vergaderingId/besluitenlijst/_vaststellen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stel de besluitenlijst vast', description: 'Vanaf deze datum loopt de Woo-termijn: publiceren binnen twee weken.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async vaststellen(@Param('vergaderingId', uuid) vergaderingId: string, @Body() body: StelBesluitenlijstVastDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'StelBesluitenlijstVast');
    const { state } = await vergaderingUitStream(this.runtime, vergaderingId);
    const result = await this.execute(req, vergaderingId, state.gremium, { type: 'StelBesluitenlijstVast', data: { datum: body.datum } }, `${body.datum}T00:00:00.000Z`);
    return commandAntwoord(res, result, {});
  }

  @Post(':vergaderingId/besluitenlijst/_publiceren')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leg de publicatie van de besluitenlijst vast', description: 'Met DiWoo-metadata en de kop van de gebeurtenissenketen; te laat (na twee weken) wordt vastgelegd, niet geweigerd.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async publiceren(@Param('vergaderingId', uuid) vergaderingId: string, @Body() body: PubliceerBesluitenlijstDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    eisRol(req, 'PubliceerBesluitenlijst');
    const { state } = await vergaderingUitStream(this.runtime, vergaderingId);
    // The head of the whole record as it stands now: anyone can recompute it later with GET /audit/ketenkop?opPositie=
    const head = await chainHead(this.runtime.db);
    const ketenkop = `sha256:${head.hash};positie=${head.position}`;
    const result = await this.execute(req, vergaderingId, state.gremium, {
      type: 'PubliceerBesluitenlijst',
      data: { datum: body.datum, ...(body.url ? { url: body.url } : {}), ketenkop },
    }, `${body.datum}T00:00:00.000Z`);
    return commandAntwoord(res, result, {});
  }

  private async document(vergaderingId: string): Promise<BesluitenlijstDocument> {
    const lijst = await besluitenlijst(this.runtime.db, vergaderingId);
    if (!lijst) throw vergaderingNietGevonden(vergaderingId);
    const versies: Record<string, BesluitVersie[]> = {};
    for (const a of lijst.agendapunten) {
      if (!a.besluit) continue;
      versies[a.besluit.besluitId] = (await getBesluit(this.runtime.db, a.besluit.besluitId))?.versies ?? [];
    }
    return { lijst, versies };
  }
}

const kiesFormaat = (formaat: string | undefined, accept: string | undefined): Formaat => {
  if (formaat !== undefined) {
    if (!(FORMATEN as readonly string[]).includes(formaat)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', `formaat moet een van deze waarden zijn: ${FORMATEN.join(', ')}`, {
        fouten: [{ veld: 'formaat', melding: 'onbekend formaat' }],
      });
    }
    return formaat as Formaat;
  }
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/pdf')) return 'pdf';
  return 'json';
};

const nogNietOpenbaar = () =>
  new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld',
    'Deze besluitenlijst is nog niet gepubliceerd en dus nog niet openbaar. Meld u aan met een toegangstoken om hem in te zien.');
