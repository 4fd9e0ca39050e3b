import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { AUDIT_CSV_COLUMNS, auditCsvRecords, AuditTrailEntry, AuditTrailFilter, chainHead, readAuditTrail, verifyChain } from '../../../../libs/audit/src';
import { authorise } from '../../../../libs/auth/src';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { API_BASE } from '../http/api-version';
import { ProblemException } from '../http/problem';
import { AuthenticatedRequest, CurrentRequest, Public } from '../http/request-context';
import { AudittrailAntwoord, AudittrailQuery, KetenkopAntwoord, KetenkopQuery, ResourceAudittrailQuery, VerificatieAntwoord } from './audit.dto';

const RESOURCE_ID = /^[A-Za-z0-9-]{1,100}$/;

const ongeldigId = () =>
  new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'Het id in de URL bevat tekens die niet zijn toegestaan.', {
    fouten: [{ veld: 'pad', melding: 'alleen letters, cijfers en streepjes, hoogstens 100' }],
  });

/** Sends the entries as JSON or as a CSV download. */
const answer = (res: Response, entries: AuditTrailEntry[], formaat: 'json' | 'csv' | undefined, limit?: number) => {
  if (formaat === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audittrail.csv"');
    return stringify(auditCsvRecords(entries), { header: true, columns: AUDIT_CSV_COLUMNS as string[] });
  }
  const full = limit !== undefined && entries.length === limit;
  return { audittrail: entries, volgende: full ? entries[entries.length - 1].positie : null };
};

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('verificatie')
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Controleer de hashketen van alle gebeurtenissen',
    description: 'Alleen beheerder en directeur. Rekent elke gebeurtenis na en noemt de eerste plek waar de keten breekt: gewijzigde inhoud, een verbroken schakel of een ontbrekende versie.',
  })
  @ApiOkResponse({ type: VerificatieAntwoord })
  async verificatie(@CurrentRequest() req: AuthenticatedRequest): Promise<VerificatieAntwoord> {
    const verdict = authorise(req.actor!, 'VerifieerKeten');
    if (!verdict.allowed) throw new ProblemException(403, 'geen-toegang', 'Dit mag u niet', verdict.reason);
    const report = await verifyChain(this.runtime.db);
    const breuk = report.firstBroken;
    return {
      intact: report.ok,
      gecontroleerd: report.checked,
      positie: report.position,
      eersteBreuk: breuk ? { positie: breuk.globalPosition, streamId: breuk.streamId, versie: breuk.version, reden: breuk.reason, toelichting: breuk.toelichting } : null,
    };
  }

  @Get('ketenkop')
  @Public()
  @ApiOperation({
    summary: 'De ketenkop: één hash over de hele vastgelegde geschiedenis',
    description: 'Openbaar. Publiceer deze waarde (bijvoorbeeld bij een besluitenlijst); later rekent iedereen met opPositie na dat er sindsdien niets is veranderd.',
  })
  @ApiOkResponse({ type: KetenkopAntwoord })
  async ketenkop(@Query() query: KetenkopQuery): Promise<KetenkopAntwoord> {
    const head = await chainHead(this.runtime.db, query.opPositie !== undefined ? { atPosition: Number(query.opPositie) } : {});
    return { hash: head.hash, positie: head.position, streams: head.streams, algoritme: 'sha256' };
  }
}

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller()
export class AudittrailController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  private read(filter: AuditTrailFilter) {
    return readAuditTrail(this.runtime.db, filter, { baseUrl: `${this.runtime.config.publicBaseUrl}${API_BASE}` });
  }

  @Get('audittrail')
  @ApiOperation({
    summary: 'De audittrail van alles: wie deed wat, wanneer, waarom en wat veranderde',
    description: 'In de vorm van de ZGW-audittrail. Filter op gebruiker, organisatie, soort resource en periode; exporteer als JSON of CSV (formaat=csv).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  async audittrail(@Query() query: AudittrailQuery, @Res({ passthrough: true }) res: Response) {
    if (query.van && query.tot && query.van > query.tot) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'van moet op of voor tot liggen.', {
        fouten: [{ veld: 'van', melding: 'van ligt na tot' }],
      });
    }
    const limit = query.limit ? Number(query.limit) : 100;
    const entries = await this.read({
      gebruikersId: query.gebruikersId,
      organisatie: query.organisatie,
      resource: query.resource,
      vanaf: query.van ? `${query.van}T00:00:00.000Z` : undefined,
      tot: query.tot ? new Date(Date.parse(`${query.tot}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
      na: query.na ? Number(query.na) : undefined,
      limit,
    });
    return answer(res, entries, query.formaat, limit);
  }

  private async resource(category: string, id: string, formaat: 'json' | 'csv' | undefined, res: Response) {
    if (!RESOURCE_ID.test(id)) throw ongeldigId();
    const entries = await this.read({ streamId: `${category}-${id}`, limit: 1000 });
    if (entries.length === 0) throw new ProblemException(404, 'niet-gevonden', 'Niet gevonden', `Er is niets vastgelegd over ${category} ${id}.`);
    return answer(res, entries, formaat);
  }

  @Get('kaders/:kaderId/audittrail')
  @ApiOperation({ summary: 'De audittrail van een kader', description: 'Elke wijziging aan het kader, oudste eerst, met wie, wanneer, waarom en de oude en nieuwe waarden.' })
  @ApiParam({ name: 'kaderId', example: '5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  kader(@Param('kaderId') id: string, @Query() query: ResourceAudittrailQuery, @Res({ passthrough: true }) res: Response) {
    return this.resource('kader', id, query.formaat, res);
  }

  @Get('werkgroepen/:werkgroepId/audittrail')
  @ApiOperation({ summary: 'De audittrail van een werkgroep', description: 'Elke wijziging aan de werkgroep en haar actiepunten, oudste eerst.' })
  @ApiParam({ name: 'werkgroepId', example: '5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  werkgroep(@Param('werkgroepId') id: string, @Query() query: ResourceAudittrailQuery, @Res({ passthrough: true }) res: Response) {
    return this.resource('werkgroep', id, query.formaat, res);
  }

  @Get('opgaven/:opgaveId/audittrail')
  @ApiOperation({ summary: 'De audittrail van een opgave', description: 'Elke wijziging aan de opgave, ook elke verplaatsing van schaalniveau, oudste eerst.' })
  @ApiParam({ name: 'opgaveId', example: '5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  opgave(@Param('opgaveId') id: string, @Query() query: ResourceAudittrailQuery, @Res({ passthrough: true }) res: Response) {
    return this.resource('opgave', id, query.formaat, res);
  }

  @Get('participatierondes/:rondeId/audittrail')
  @ApiOperation({ summary: 'De audittrail van een participatieronde', description: 'Elke inbreng en terugkoppeling, oudste eerst.' })
  @ApiParam({ name: 'rondeId', example: '5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  participatieronde(@Param('rondeId') id: string, @Query() query: ResourceAudittrailQuery, @Res({ passthrough: true }) res: Response) {
    return this.resource('participatieronde', id, query.formaat, res);
  }

  @Get('vergaderingen/:vergaderingId/audittrail')
  @ApiOperation({ summary: 'De audittrail van een vergadering', description: 'Agenda, besluiten en rectificaties, oudste eerst.' })
  @ApiParam({ name: 'vergaderingId', example: '5b1c0f6e-2f7a-4a3e-9d7c-0d6f1c2b3a4e' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AudittrailAntwoord })
  vergadering(@Param('vergaderingId') id: string, @Query() query: ResourceAudittrailQuery, @Res({ passthrough: true }) res: Response) {
    return this.resource('vergadering', id, query.formaat, res);
  }
}
