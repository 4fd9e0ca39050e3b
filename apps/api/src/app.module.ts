import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { Authenticator } from '../../../libs/auth/src';
import { Runtime } from '../../../libs/runtime/src';
import { AuditController, AudittrailController } from './audit/audit.controller';
import { BeheerController } from './beheer/beheer.controller';
import { CommandGateway, ExecuteDomainCommandHandler, RUNTIME } from './commands/command-gateway';
import { AgendaController } from './agenda/agenda.controller';
import { GezondheidController } from './gezondheid/gezondheid.controller';
import { NotificatiesController } from './notificaties/notificaties.controller';
import { AUTHENTICATOR, AuthGuard } from './http/auth.guard';
import { Freshness } from './http/freshness';
import { ReadCache } from './http/read-cache';
import { ProblemFilter } from './http/problem.filter';
import { KadersController } from './kaders/kaders.controller';
import { BesluitenController } from './besluitvorming/besluiten.controller';
import { KaderBesluitvormingController } from './besluitvorming/kader-besluitvorming.controller';
import { VergaderingenController } from './besluitvorming/vergaderingen.controller';
import { ReferentiedataController } from './referentiedata/referentiedata.controller';
import { WerkgroepenController } from './werkgroepen/werkgroepen.controller';
import { ParticipatieController } from './participatie/participatie.controller';
import { OpgavenController } from './opgaven/opgaven.controller';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime, authenticator: Authenticator): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [GezondheidController, ReferentiedataController, KadersController, AuditController, AudittrailController, BeheerController, KaderBesluitvormingController, VergaderingenController, BesluitenController,
        NotificatiesController, AgendaController, WerkgroepenController, ParticipatieController, OpgavenController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: AUTHENTICATOR, useValue: authenticator },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ExecuteDomainCommandHandler,
        CommandGateway,
        Freshness,
        ReadCache,
      ],
    };
  }
}
