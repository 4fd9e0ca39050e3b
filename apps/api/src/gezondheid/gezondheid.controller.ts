import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { metricsRegistry, projectionLag, queueDepth, Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { Public } from '../http/request-context';

@ApiTags('gezondheid')
@Public()
@Controller()
export class GezondheidController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('gezondheid')
  @ApiOperation({ summary: 'Leeft de dienst, en hoe ver zijn de leesmodellen' })
  @ApiOkResponse({ description: 'Status, opslag en achterstand per projectie.' })
  async gezondheid() {
    await this.runtime.db.query('SELECT 1');
    const head = await this.runtime.store.headPosition();
    if (!this.runtime.config.runProjector) await this.runtime.projector.refreshPositions();
    return {
      status: 'ok',
      opslag: this.runtime.db.kind,
      positie: head,
      projecties: this.runtime.projector.status().map((p) => ({ ...p, achterstand: Math.max(0, head - p.position) })),
      ...(this.runtime.worker ? { worker: await this.runtime.worker.status() } : {}),
    };
  }

  @Get('gezondheid/gereed')
  @HealthCheck()
  @ApiOperation({ summary: 'Kan de dienst verzoeken aan', description: 'Voor de readiness-probe: de database antwoordt (en, waar de worker in dit proces draait, de wachtrij).' })
  @ApiOkResponse({ description: 'Gereed.' })
  @ApiServiceUnavailableResponse({ description: 'Niet gereed; de details zeggen wat ontbreekt.' })
  gereed() {
    const checks: HealthIndicatorFunction[] = [async () => {
      const session = this.indicators.check('database');
      try {
        await this.runtime.db.query('SELECT 1');
        return session.up({ opslag: this.runtime.db.kind });
      } catch (error) {
        return session.down({ fout: String(error) });
      }
    }];
    const worker = this.runtime.worker;
    if (worker) {
      checks.push(async () => {
        const session = this.indicators.check('wachtrij');
        const status = await worker.status();
        return status.wachtrijBereikbaar ? session.up({ wachtrij: status.wachtrij }) : session.down({ wachtrij: status.wachtrij });
      });
    }
    return this.health.check(checks);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Meetwaarden voor Prometheus', description: 'Commando- en append-duur, achterstand van projecties, diepte van wachtrijen en mislukte webhooks, en de eigen meetwaarden van het api-proces (CPU, geheugen, vertraging van de event loop, garbage collection).' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus-tekstformaat.', content: { 'text/plain': { schema: { type: 'string' }, example: 'kaderflow_projection_lag_events{projection="kader-status",service="api"} 0' } } })
  async metrics(): Promise<string> {
    const lag = await this.runtime.projector.lag();
    for (const [name, value] of Object.entries(lag)) projectionLag.set({ projection: name }, value);
    if (this.runtime.worker) {
      const status = await this.runtime.worker.status();
      for (const q of status.wachtrijen) if (q.diepte !== null) queueDepth.set({ queue: q.naam }, q.diepte);
    }
    return metricsRegistry.metrics();
  }
}
