import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { createAbonnement, deleteAbonnement, getAbonnement, herinneringenStreamId, listAbonnementen, listAfleveringen, AbonnementRecord } from '../../../../libs/jobs/src';
import { checkCallbackUrl, Kanaal, KANALEN } from '../../../../libs/notifications/src';
import { Runtime } from '../../../../libs/runtime/src';
import { ensureAllowed, RUNTIME } from '../commands/command-gateway';
import { ProblemException } from '../http/problem';
import { uuid } from '../http/params';
import { AuthenticatedRequest, CurrentRequest, Public } from '../http/request-context';
import { AbonnementAntwoord, AfleveringAntwoord, HerinneringAntwoord, KanaalAntwoord, MaakAbonnementDto } from './notificaties.dto';

/** Who may manage webhook abonnementen (they see every change in the region). */

const KANAAL_OMSCHRIJVING: Record<Kanaal, string> = {
  kaders: 'Start, fasen en besluiten van een kader.',
  mijlpalen: 'Mijlpalen van een kader, en herinneringen en escalaties bij hun deadline.',
  besluiten: 'Besluiten van de gremia.',
  vergaderingen: 'Vergaderingen, agendapunten en besluitenlijsten.',
  opgaven: 'Opgaven en hun realisatie.',
  participatierondes: 'Participatierondes en ontvangen inbreng.',
  werkgroepen: 'Werkgroepen, leden en actiepunten, en herinneringen en escalaties bij actiepunten.',
};
const FILTERS = ['eventType', 'resource', 'actie', 'kaderId', 'gremium', 'fase', 'schaalniveau', 'subregio', 'gemeente', 'status', 'soort', 'uitkomst', 'eigenaar', 'doelgroep'];


@ApiTags('notificaties')
@ApiBearerAuth('bearer')
@Controller()
export class NotificatiesController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  private vereisBeheer(req: AuthenticatedRequest) {
    ensureAllowed(req.actor, 'BeheerAbonnementen');
  }

  private antwoord(a: AbonnementRecord): AbonnementAntwoord {
    return {
      url: `${this.runtime.config.publicBaseUrl}/api/v1/abonnementen/${a.id}`,
      id: a.id,
      callbackUrl: a.callbackUrl,
      kanalen: a.kanalen,
      ondertekend: Boolean(a.signingSecret),
      aangemaaktOp: a.aangemaaktOp,
    };
  }

  @Public()
  @Get('kanalen')
  @ApiOperation({ summary: 'De kanalen waarop u zich kunt abonneren', description: 'Zoals ZGW Notificaties: per kanaal de kenmerken waarop u kunt filteren.' })
  @ApiOkResponse({ type: [KanaalAntwoord] })
  kanalen(): KanaalAntwoord[] {
    return KANALEN.map((naam) => ({ naam, omschrijving: KANAAL_OMSCHRIJVING[naam], filters: FILTERS }));
  }

  @Post('abonnementen')
  @ApiOperation({
    summary: 'Abonneer een systeem op notificaties',
    description: 'Elke wijziging op de gekozen kanalen wordt als bericht naar callbackUrl gestuurd, ondertekend met het ondertekeningsgeheim, en bij mislukken opnieuw geprobeerd met toenemende wachttijd. '
      + 'callbackUrl moet een https-adres zijn dat naar een openbaar IP-adres wijst (geen loopback-, privé-, link-local- of multicastadres).',
  })
  @ApiCreatedResponse({ type: AbonnementAntwoord })
  async maak(@Body() body: MaakAbonnementDto, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<AbonnementAntwoord> {
    this.vereisBeheer(req);
    const fouten = body.kanalen.flatMap((k, i) => Object.entries(k.filters ?? {})
      .filter(([, waarde]) => typeof waarde !== 'string' || waarde.length > 200)
      .map(([sleutel]) => ({ veld: `kanalen[${i}].filters.${sleutel}`, melding: 'een filter moet tekst zijn van hoogstens 200 tekens' })));
    if (fouten.length) throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'Niet elk filter is geldig.', { fouten });
    // A name that does not resolve yet is accepted: every delivery checks the address again.
    const adres = await checkCallbackUrl(body.callbackUrl, { policy: this.runtime.config.webhooks, onUnresolved: 'accept' });
    if (!adres.ok) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'Kaderflow stuurt geen berichten naar dit adres.', { fouten: [{ veld: 'callbackUrl', melding: adres.reason }] });
    }
    const abonnement = await createAbonnement(this.runtime.db, {
      id: randomUUID(),
      callbackUrl: body.callbackUrl,
      auth: body.auth,
      signingSecret: body.ondertekeningsgeheim,
      kanalen: body.kanalen.map((k) => ({ naam: k.naam as Kanaal, filters: k.filters ?? {} })),
      aangemaaktOp: this.runtime.config.clock().toISOString(),
      aangemaaktDoor: req.actor!.id,
    });
    const antwoord = this.antwoord(abonnement);
    res.status(201).location(antwoord.url);
    return antwoord;
  }

  @Get('abonnementen')
  @ApiOperation({ summary: 'Alle abonnementen', description: 'Geheimen en Authorization-waarden worden nooit getoond.' })
  @ApiOkResponse({ type: [AbonnementAntwoord] })
  async lijst(@CurrentRequest() req: AuthenticatedRequest): Promise<AbonnementAntwoord[]> {
    this.vereisBeheer(req);
    return (await listAbonnementen(this.runtime.db)).map((a) => this.antwoord(a));
  }

  @Get('abonnementen/:abonnementId')
  @ApiOperation({ summary: 'Een abonnement' })
  @ApiOkResponse({ type: AbonnementAntwoord })
  async een(@Param('abonnementId', uuid) id: string, @CurrentRequest() req: AuthenticatedRequest): Promise<AbonnementAntwoord> {
    this.vereisBeheer(req);
    return this.antwoord(await this.vind(id));
  }

  @Delete('abonnementen/:abonnementId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Beëindig een abonnement', description: 'Afleveringen die nog wachten, vervallen.' })
  @ApiNoContentResponse({ description: 'Het abonnement is beëindigd.' })
  async verwijder(@Param('abonnementId', uuid) id: string, @CurrentRequest() req: AuthenticatedRequest): Promise<void> {
    this.vereisBeheer(req);
    if (!(await deleteAbonnement(this.runtime.db, id))) throw this.nietGevonden(id);
  }

  @Get('abonnementen/:abonnementId/afleveringen')
  @ApiOperation({
    summary: 'De afleveringen van een abonnement, nieuwste eerst',
    description: 'Per bericht de status: gepland, afgeleverd, nieuwe-poging, opgegeven (na de laatste poging: dead letter) of vervallen.',
  })
  @ApiOkResponse({ type: [AfleveringAntwoord] })
  async afleveringen(@Param('abonnementId', uuid) id: string, @CurrentRequest() req: AuthenticatedRequest): Promise<AfleveringAntwoord[]> {
    this.vereisBeheer(req);
    await this.vind(id);
    return (await listAfleveringen(this.runtime.db, id)).map(({ abonnementId: _a, eventId: _e, ...rest }) => ({ ...rest, notificatie: rest.notificatie as unknown as Record<string, unknown> }));
  }

  @Get('kaders/:kaderId/herinneringen')
  @ApiOperation({ summary: 'Verstuurde herinneringen en escalaties van een kader', description: 'Herinneringen aan de eigenaar voor een deadline, en escalaties naar het programmateam en het directeurenoverleg als die verstreken is.' })
  @ApiOkResponse({ type: [HerinneringAntwoord] })
  async herinneringen(@Param('kaderId', uuid) kaderId: string, @CurrentRequest() req: AuthenticatedRequest): Promise<HerinneringAntwoord[]> {
    if (!req.actor) throw new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld', 'Stuur een geldig toegangstoken mee (Authorization: Bearer ...).');
    const events = await this.runtime.store.readStream(herinneringenStreamId(kaderId));
    return events.map((e) => {
      const d = e.data as Record<string, string>;
      return { soortBericht: e.type, soort: d.soort, itemId: d.itemId, titel: d.titel, deadline: d.deadline, doelgroep: d.doelgroep, verstuurdOp: d.verstuurdOp };
    });
  }

  private async vind(id: string): Promise<AbonnementRecord> {
    const abonnement = await getAbonnement(this.runtime.db, id);
    if (!abonnement) throw this.nietGevonden(id);
    return abonnement;
  }

  private nietGevonden(id: string) {
    return new ProblemException(404, 'niet-gevonden', 'Abonnement niet gevonden', `Er is geen abonnement met id ${id}.`);
  }
}
