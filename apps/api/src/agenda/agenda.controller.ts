import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KalenderActiepunt, KalenderVergadering, kaderCalendar } from '../../../../libs/calendar/src';
import { tableExists } from '../../../../libs/database/src';
import { Kader } from '../../../../libs/domain/src/kader';
import { getKaderStatus } from '../../../../libs/read-models/src/kader-status';
import { Runtime } from '../../../../libs/runtime/src';
import { ensureAllowed, RUNTIME } from '../commands/command-gateway';
import { ProblemException } from '../http/problem';
import { uuid } from '../http/params';
import { AuthenticatedRequest, CurrentRequest, Public } from '../http/request-context';

export class AgendasleutelAntwoord {
  @ApiProperty({ example: 'kZ3v9Qm1xT0bq7Yc2L8wNf4Rj6Hs5Ud1', description: 'Alleen nu zichtbaar; Kaderflow bewaart er alleen een hash van.' })
  sleutel!: string;
  @ApiProperty({ example: 'http://localhost:3000/api/v1/kaders/3f1e7c52-8a4b-4f3e-9f57-0d2a4f6b9c10/agenda.ics?sleutel=kZ3v9Qm1xT0bq7Yc2L8wNf4Rj6Hs5Ud1',
    description: 'Het adres om in Outlook of Google Agenda als abonnement toe te voegen.' })
  agendaUrl!: string;
}

const SLEUTELS = `CREATE TABLE IF NOT EXISTS agenda_sleutels (
  kader_id text NOT NULL, sleutel_hash text NOT NULL, aangemaakt_op timestamptz NOT NULL, aangemaakt_door text NOT NULL,
  PRIMARY KEY (kader_id, sleutel_hash))`;

const hash = (sleutel: string) => createHash('sha256').update(sleutel, 'utf8').digest('hex');

/**
 * The kader's calendar feed. Calendar clients cannot send a bearer token, so the feed takes a secret
 * per-kader `sleutel` in the query, handed out by an authenticated request.
 */
@ApiTags('agenda')
@Controller('kaders/:kaderId')
export class AgendaController {
  private migrated?: Promise<unknown>;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  private migrate() {
    this.migrated ??= this.runtime.db.query(SLEUTELS);
    return this.migrated;
  }

  @Post('agendasleutels')
  @HttpCode(201)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Geef een geheime sleutel voor de agenda van een kader', description: 'Wie de sleutel heeft, kan de agenda lezen: deel hem niet verder.' })
  @ApiCreatedResponse({
    type: AgendasleutelAntwoord,
    headers: { 'Cache-Control': { description: 'Een geheim: geen cache bewaart het antwoord, en het wordt nooit gecomprimeerd.', schema: { type: 'string', example: 'no-store' } } },
  })
  async geefSleutel(
    @Param('kaderId', uuid) kaderId: string, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response,
  ): Promise<AgendasleutelAntwoord> {
    ensureAllowed(req.actor, 'GeefAgendasleutel');
    // A secret: kept by no cache, and never compressed (mayCompress).
    res.setHeader('Cache-Control', 'no-store');
    await this.kader(kaderId);
    await this.migrate();
    const sleutel = randomBytes(24).toString('base64url');
    await this.runtime.db.query('INSERT INTO agenda_sleutels (kader_id, sleutel_hash, aangemaakt_op, aangemaakt_door) VALUES ($1, $2, $3, $4)',
      [kaderId, hash(sleutel), this.runtime.config.clock().toISOString(), req.actor.id]);
    return { sleutel, agendaUrl: `${this.runtime.config.publicBaseUrl}/api/v1/kaders/${kaderId}/agenda.ics?sleutel=${sleutel}` };
  }

  @Public()
  @Get('agenda.ics')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiQuery({ name: 'sleutel', required: true, description: 'De geheime sleutel uit POST /kaders/{kaderId}/agendasleutels.', example: 'kZ3v9Qm1xT0bq7Yc2L8wNf4Rj6Hs5Ud1' })
  @ApiOperation({ summary: 'De agenda van een kader (iCalendar)', description: 'Mijlpalen, deadlines van actiepunten en vergaderingen, om op te abonneren in een agenda-programma.' })
  @ApiOkResponse({ description: 'Een iCalendar-bestand (text/calendar).', content: { 'text/calendar': { schema: { type: 'string' }, example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n...' } } })
  async agenda(@Param('kaderId', uuid) kaderId: string, @Query('sleutel') sleutel: string | undefined, @Res() res: Response): Promise<void> {
    await this.migrate();
    await this.controleer(kaderId, sleutel);
    const kader = await this.kader(kaderId);
    const db = this.runtime.db;
    const actiepunten: KalenderActiepunt[] = (await tableExists(db, 'werkgroepen_actiepunten'))
      ? (await db.query<Record<string, string>>('SELECT actiepunt_id, werkgroep_id, omschrijving, deadline::text AS deadline, status FROM werkgroepen_actiepunten WHERE kader_id = $1', [kaderId]))
        .rows.map((r) => ({ id: r.actiepunt_id, werkgroepId: r.werkgroep_id, titel: r.omschrijving, deadline: r.deadline.slice(0, 10), status: r.status }))
      : [];
    const vergaderingIds = Object.values(kader.besluiten ?? {}).map((b) => (b as { vergaderingId?: string }).vergaderingId).filter((v): v is string => Boolean(v));
    const vergaderingen: KalenderVergadering[] = vergaderingIds.length && (await tableExists(db, 'besluiten_vergaderingen'))
      ? (await db.query<Record<string, string>>('SELECT vergadering_id, gremium, datum::text AS datum, titel, locatie FROM besluiten_vergaderingen WHERE vergadering_id = ANY($1)', [vergaderingIds]))
        .rows.map((r) => ({ id: r.vergadering_id, gremium: r.gremium, datum: r.datum.slice(0, 10), titel: r.titel, locatie: r.locatie ?? undefined }))
      : [];
    const body = kaderCalendar({
      kader: { id: kaderId, titel: kader.titel },
      mijlpalen: Object.values(kader.mijlpalen).map((m) => ({ id: m.mijlpaalId, titel: m.titel, deadline: m.deadline, status: m.status })),
      actiepunten,
      vergaderingen,
      baseUrl: `${this.runtime.config.publicBaseUrl}/api/v1`,
      stamp: kader.bijgewerktOp,
    });
    res.status(200).type('text/calendar; charset=utf-8').setHeader('Content-Disposition', 'inline; filename="agenda.ics"');
    res.send(body);
  }

  private async controleer(kaderId: string, sleutel: string | undefined) {
    const weiger = () => new ProblemException(401, 'ongeldige-sleutel', 'Geen geldige agendasleutel',
      'Deze agenda vraagt een geheime sleutel (?sleutel=...). Vraag er een aan met POST /api/v1/kaders/{kaderId}/agendasleutels.');
    if (!sleutel || sleutel.length > 200) throw weiger();
    const { rows } = await this.runtime.db.query<{ sleutel_hash: string }>('SELECT sleutel_hash FROM agenda_sleutels WHERE kader_id = $1', [kaderId]);
    const gegeven = Buffer.from(hash(sleutel), 'hex');
    if (!rows.some((r) => timingSafeEqual(Buffer.from(r.sleutel_hash, 'hex'), gegeven))) throw weiger();
  }

  private async kader(kaderId: string): Promise<Kader & { bijgewerktOp: string }> {
    const doc = await getKaderStatus(this.runtime.db, kaderId);
    if (!doc) throw new ProblemException(404, 'niet-gevonden', 'Kader niet gevonden', `Er is geen kader met id ${kaderId}.`);
    return { ...(doc.state as Kader), bijgewerktOp: doc.bijgewerktOp };
  }
}
