import { Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createPersonalDataVault, createPersonDirectory } from '../../../../libs/privacy/src';
import { Runtime } from '../../../../libs/runtime/src';
import { CommandGateway, RUNTIME } from '../commands/command-gateway';
import { commandAntwoord } from '../http/command-response';
import { ProblemException } from '../http/problem';
import { AuthenticatedRequest, commandContext, CurrentRequest } from '../http/request-context';
import { persoonDecider, persoonStreamId } from './persoon';

export class PersoonVergetenAntwoord {
  @ApiProperty({ example: 'sub-7d1f' })
  personId!: string;
  @ApiProperty({ description: 'Tijdstip van de (eerste) verwijdering.', example: '2025-06-02T09:00:00.000Z' })
  vergetenOp!: string;
  @ApiProperty({ example: 2 })
  versie!: number;
  @ApiProperty({ example: 1042 })
  positie!: number;
  @ApiProperty({ description: 'Waar als deze persoon al eerder vergeten was.', example: false })
  herhaald!: boolean;
}

const PERSON_ID = /^[A-Za-z0-9._:@|-]{1,200}$/;

@ApiTags('beheer')
@ApiBearerAuth('bearer')
@Controller('personen')
export class BeheerController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, private readonly commands: CommandGateway) {}

  @Post(':personId/_vergeten')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Vergeet een persoon (AVG): wis naam en sleutel van persoonsgegevens',
    description:
      'Alleen de beheerder. De naam verdwijnt uit de personentabel en de sleutel van versleutelde persoonsgegevens wordt vernietigd; ' +
      'audittrails tonen daarna "vergeten". De gebeurtenissen zelf blijven ongewijzigd, dus de hashketen blijft kloppen.',
  })
  @ApiParam({ name: 'personId', description: 'De gebruiker (claim sub van het token).', example: 'sub-7d1f' })
  @ApiHeader({ name: 'X-Audit-Toelichting', required: false, description: 'Waarom; komt in de audittrail.' })
  @ApiOkResponse({ type: PersoonVergetenAntwoord })
  async vergeet(@Param('personId') personId: string, @CurrentRequest() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    if (!PERSON_ID.test(personId)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'Het persoon-id in de URL bevat tekens die niet zijn toegestaan.', {
        fouten: [{ veld: 'personId', melding: 'hoogstens 200 tekens: letters, cijfers en . _ : @ | -' }],
      });
    }
    const now = this.runtime.config.clock().toISOString();
    const ctx = commandContext(req, this.runtime.config.clock());
    const result = await this.commands.execute(persoonDecider, persoonStreamId(personId), {
      type: 'VergeetPersoon', data: { personId }, metadata: { now, actor: ctx.actor },
    }, ctx);
    const erased = await createPersonDirectory(this.runtime.db).forget(personId, now);
    await createPersonalDataVault(this.runtime.db, { now: () => now }).forget(personId);
    return commandAntwoord(res, result, { personId, vergetenOp: erased.erasedAt });
  }
}
