import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { vergaderingDecider, VergaderingCommand, vergaderingStream } from '../../../../libs/domain/src/besluitvorming';
import { kaderStreamId } from '../../../../libs/domain/src/kader';
import { BESLUIT_UITKOMSTEN, BesluitUitkomst } from '../../../../libs/domain/src/shared';
import { getBesluit, listBesluiten } from '../../../../libs/read-models/src/besluiten';
import { StoredEvent } from '../../../../libs/event-store/src';
import { Runtime } from '../../../../libs/runtime/src';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { CommandAntwoord, commandAntwoord } from '../http/command-response';
import { Freshness, FreshnessQuery, naPositie, naPositieQuery } from '../http/freshness';
import { cachedUrl, ReadCache } from '../http/read-cache';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { RectificeerBesluitDto, TrekBesluitInDto } from './besluitvorming.dto';
import {
  besluitNietGevonden, datumParam, eisRol, geheelParam, meta, momentParam, naKaderGevolgen, ongeldig, uuid, vergaderingUitStream, withCommandHeaders,
} from './besluitvorming.http';

type BesluitenQuery = FreshnessQuery & Partial<Record<
  'kaderId' | 'gremium' | 'uitkomst' | 'datumVan' | 'datumTot' | 'vastgelegdVan' | 'vastgelegdTot' | 'zoek' | 'sinds' | 'sindsVergadering' | 'bekendOp' | 'pagina' | 'paginaGrootte',
  string
>>;

const BESLUIT_VOORBEELD = {
  besluitId: '2c9e7b1a-5d4f-4a3e-8b2c-1d0e9f8a7b6c',
  vergaderingId: '5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11',
  agendapuntId: '7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f',
  agendapuntTitel: 'Concept-beleidskader maatschappelijke zorg',
  gremium: 'bestuurscommissie-maatschappij',
  kaderId: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10',
  onderwerp: 'concept-kader',
  uitkomst: 'voorgenomen-besluit',
  besluittekst: 'Voorgenomen besluit over het concept-kader, versie 0.9.',
  datum: '2025-10-08',
  versie: 2,
  status: 'gerectificeerd',
  vastgelegdOp: '2025-10-10T08:12:00.000Z',
  laatstGewijzigdOp: '2025-10-20T09:00:00.000Z',
};

const volgendeDag = (datum: string) => new Date(Date.parse(`${datum}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

@ApiTags('besluiten')
@ApiBearerAuth('bearer')
@Controller('besluiten')
export class BesluitenController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly commands: CommandGateway,
    private readonly freshness: Freshness,
    private readonly cache: ReadCache,
  ) {}

  private now() {
    return this.runtime.config.clock();
  }

  @Get()
  @ApiOperation({
    summary: 'De besluitgeschiedenis: zoeken en filteren, nieuwste besluit eerst',
    description:
      'Filter op kader, gremium, uitkomst, besluitdatum en datum van vastleggen, en zoek in titel en besluittekst. ' +
      'sinds (of sindsVergadering: vanaf de dag na die vergadering) geeft alles wat sindsdien is besloten, gerectificeerd of ingetrokken. ' +
      'bekendOp toont de lijst zoals die op dat moment was vastgelegd.',
  })
  @ApiQuery({ name: 'kaderId', required: false, example: '3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10' })
  @ApiQuery({ name: 'gremium', required: false, example: 'bestuurscommissie-maatschappij' })
  @ApiQuery({ name: 'uitkomst', required: false, enum: BESLUIT_UITKOMSTEN })
  @ApiQuery({ name: 'datumVan', required: false, description: 'Besloten op of na (JJJJ-MM-DD).', example: '2025-01-01' })
  @ApiQuery({ name: 'datumTot', required: false, description: 'Besloten op of voor (JJJJ-MM-DD).', example: '2025-12-31' })
  @ApiQuery({ name: 'vastgelegdVan', required: false, description: 'Vastgelegd vanaf (datum of tijdstip).', example: '2025-10-01' })
  @ApiQuery({ name: 'vastgelegdTot', required: false, description: 'Vastgelegd tot en met (datum: de hele dag, of tijdstip).', example: '2025-10-31' })
  @ApiQuery({ name: 'zoek', required: false, description: 'Woorden in de titel van het agendapunt of de besluittekst.', example: 'concept' })
  @ApiQuery({ name: 'sinds', required: false, description: 'Besloten, gerectificeerd of ingetrokken sinds deze datum of dit tijdstip.', example: '2025-10-01' })
  @ApiQuery({ name: 'sindsVergadering', required: false, description: 'Id van een vergadering: alles sinds de dag erna.', example: '5a0c4f9e-3d1b-4c8e-9a7f-2b6d8e1f0a11' })
  @ApiQuery({ name: 'bekendOp', required: false, description: 'De lijst zoals vastgelegd op deze datum (einde van de dag) of dit tijdstip.', example: '2025-10-15' })
  @ApiQuery({ name: 'pagina', required: false, type: Number, example: 1 })
  @ApiQuery({ name: 'paginaGrootte', required: false, type: Number, example: 20, description: 'Hoogstens 100.' })
  @naPositieQuery()
  @ApiOkResponse({ description: 'Een pagina besluiten.', schema: { type: 'object', example: { items: [BESLUIT_VOORBEELD], totaal: 1, pagina: 1, paginaGrootte: 20, aantalPaginas: 1 } } })
  async list(@Query() query: BesluitenQuery, @Res({ passthrough: true }) res: Response) {
    await this.freshness.ensure(query);
    if (query.uitkomst !== undefined && !(BESLUIT_UITKOMSTEN as readonly string[]).includes(query.uitkomst)) {
      throw ongeldig('uitkomst', 'onbekende uitkomst', `uitkomst moet een van deze waarden zijn: ${BESLUIT_UITKOMSTEN.join(', ')}`);
    }
    let sinds = momentParam('sinds', query.sinds);
    if (query.sindsVergadering) {
      const vergaderingId = await uuid.transform(query.sindsVergadering, { type: 'query', data: 'sindsVergadering' });
      const { state } = await vergaderingUitStream(this.runtime, vergaderingId);
      sinds = volgendeDag(state.datum);
    }
    const filter = {
      kaderId: query.kaderId || undefined,
      gremium: query.gremium || undefined,
      uitkomst: query.uitkomst as BesluitUitkomst | undefined,
      datumVan: datumParam('datumVan', query.datumVan),
      datumTot: datumParam('datumTot', query.datumTot),
      vastgelegdVan: momentParam('vastgelegdVan', query.vastgelegdVan),
      vastgelegdTot: momentParam('vastgelegdTot', query.vastgelegdTot),
      zoek: query.zoek?.slice(0, 200),
      sinds,
      bekendOp: momentParam('bekendOp', query.bekendOp),
      pagina: geheelParam('pagina', query.pagina, 1, 100000),
      paginaGrootte: geheelParam('paginaGrootte', query.paginaGrootte, 1, 100),
    };
    const freshness = { projection: 'besluiten', exact: () => this.cache.projectionStamp('besluiten'), atLeast: naPositie(query), url: cachedUrl(res) };
    return this.cache.json(res, `besluiten:${JSON.stringify(filter)}`, freshness, async () => ({ value: await listBesluiten(this.runtime.db, filter) }));
  }

  @Get(':besluitId')
  @ApiOperation({
    summary: 'Eén besluit met elke versie en de gebeurtenissen die het maakten',
    description: 'versies: origineel, rectificaties en intrekking, met reden en wie. gebeurtenissen: de events van dit besluit uit de vergaderingstroom, en kaderGevolgen: wat ze in het kader veroorzaakten.',
  })
  @ApiQuery({ name: 'bekendOp', required: false, description: 'Het besluit zoals vastgelegd op deze datum of dit tijdstip.', example: '2025-10-15' })
  @naPositieQuery()
  @ApiOkResponse({
    description: 'Het besluit.',
    schema: {
      type: 'object',
      example: {
        ...BESLUIT_VOORBEELD,
        vergaderdatum: '2025-10-08',
        vergaderingTitel: 'Bestuurscommissie Maatschappij',
        amendementen: [],
        versies: [{ versie: 1, soort: 'origineel', uitkomst: 'voorgenomen-besluit', besluittekst: 'Voorgenomen besluit over het concept-kader.', globalPosition: 41, recordedAt: '2025-10-10T08:12:00.000Z', occurredAt: '2025-10-08T00:00:00.000Z' }],
        gebeurtenissen: [{ eventId: '0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a090', type: 'BesluitGenomen', globalPosition: 41, occurredAt: '2025-10-08T00:00:00.000Z', recordedAt: '2025-10-10T08:12:00.000Z' }],
        kaderGevolgen: [{ eventId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', type: 'BesluitGekoppeld', globalPosition: 42 }],
      },
    },
  })
  async get(@Param('besluitId', uuid) besluitId: string, @Query() query: FreshnessQuery & { bekendOp?: string }) {
    await this.freshness.ensure(query);
    const bekendOp = momentParam('bekendOp', query.bekendOp);
    const besluit = await getBesluit(this.runtime.db, besluitId, { bekendOp });
    if (!besluit) throw besluitNietGevonden(besluitId);
    const grens = besluit.versies.length ? besluit.versies[besluit.versies.length - 1].globalPosition : 0;
    const eigen = (await this.runtime.store.readStream(vergaderingStream(besluit.vergaderingId)))
      .filter((e) => (e.data as { besluitId?: string }).besluitId === besluitId && (!bekendOp || e.globalPosition <= grens));
    const oorzaken = new Set(eigen.map((e) => e.eventId));
    const gevolgen = besluit.kaderId
      ? (await this.runtime.store.readStream(kaderStreamId(besluit.kaderId))).filter((e) => e.metadata.causationId && oorzaken.has(e.metadata.causationId))
      : [];
    return { ...besluit, gebeurtenissen: eigen.map(toon), kaderGevolgen: gevolgen.map(toon) };
  }

  @Post(':besluitId/rectificaties')
  @ApiOperation({
    summary: 'Rectificeer een besluit, met reden',
    description: 'De nieuwe tekst, uitkomst of toelichting vervangt de huidige; het origineel blijft in de geschiedenis. Een gewijzigde uitkomst werkt door in het kader.',
  })
  @ApiCreatedResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async rectificeer(@Param('besluitId', uuid) besluitId: string, @Body() body: RectificeerBesluitDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.opBesluit(req, besluitId, {
      type: 'RectificeerBesluit',
      data: {
        besluitId, reden: body.reden,
        ...(body.besluittekst !== undefined ? { besluittekst: body.besluittekst } : {}),
        ...(body.uitkomst !== undefined ? { uitkomst: body.uitkomst as BesluitUitkomst } : {}),
        ...(body.toelichting !== undefined ? { toelichting: body.toelichting } : {}),
      },
    });
    return commandAntwoord(res, result, { besluitId }, `/api/v1/besluiten/${besluitId}`);
  }

  @Post(':besluitId/_intrekken')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trek een besluit in, met reden', description: 'Het besluit blijft zichtbaar als ingetrokken; telt het voor een fasevoorwaarde van het kader, dan niet meer.' })
  @ApiOkResponse({ type: CommandAntwoord })
  @withCommandHeaders()
  async trekIn(@Param('besluitId', uuid) besluitId: string, @Body() body: TrekBesluitInDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const result = await this.opBesluit(req, besluitId, { type: 'TrekBesluitIn', data: { besluitId, reden: body.reden } });
    return commandAntwoord(res, result, { besluitId });
  }

  /** Finds the besluit's vergadering (the read model, brought up to date first) and runs the command on its stream. */
  private async opBesluit(req: AuthenticatedRequest, besluitId: string, command: Omit<VergaderingCommand, 'metadata'> & { type: 'RectificeerBesluit' | 'TrekBesluitIn' }) {
    eisRol(req, command.type);
    await this.runtime.projector.waitFor(await this.runtime.store.headPosition(), 3000);
    const besluit = await getBesluit(this.runtime.db, besluitId);
    if (!besluit) throw besluitNietGevonden(besluitId);
    const { state } = await vergaderingUitStream(this.runtime, besluit.vergaderingId);
    const ctx = commandContext(req, this.now());
    const result = await this.commands.execute(vergaderingDecider, vergaderingStream(besluit.vergaderingId), { ...command, metadata: meta(req, this.now()) } as VergaderingCommand,
      { ...ctx, reason: ctx.reason ?? (command.data as { reden: string }).reden }, { gremium: state.gremium });
    return naKaderGevolgen(this.runtime, result);
  }
}

const toon = (e: StoredEvent) => ({
  eventId: e.eventId,
  streamId: e.streamId,
  type: e.type,
  versie: e.version,
  globalPosition: e.globalPosition,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  data: e.data,
  door: { id: e.metadata.actor?.id, rol: e.metadata.actor?.role },
  correlationId: e.metadata.correlationId,
  ...(e.metadata.causationId ? { causationId: e.metadata.causationId } : {}),
  ...(e.metadata.reason ? { reden: e.metadata.reason } : {}),
  hash: e.hash,
});
