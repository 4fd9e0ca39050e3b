import { Controller, DynamicModule, Get, Header, Inject, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { metricsRegistry } from './metrics';
import { log } from './runtime';

/** One named check: up or down, with details that show on the endpoint. */
export type ServiceCheck = () => Promise<{ up: boolean; details?: Record<string, unknown> }>;

export interface ServiceHealthOptions {
  service: string;
  port: number;
  /** Is the process alive and not stuck (restart it when down). */
  liveness: Record<string, ServiceCheck>;
  /** Can it do its work now (database, Redis, lag within bounds). */
  readiness: Record<string, ServiceCheck>;
}

const OPTIONS = Symbol('ServiceHealthOptions');

@Controller()
class ServiceHealthController {
  constructor(
    @Inject(OPTIONS) private readonly options: ServiceHealthOptions,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  private run(checks: Record<string, ServiceCheck>) {
    return this.health.check(Object.entries(checks).map(([name, check]) => async () => {
      const session = this.indicators.check(name);
      try {
        const result = await check();
        return result.up ? session.up(result.details ?? {}) : session.down(result.details ?? {});
      } catch (error) {
        return session.down({ fout: error instanceof Error ? error.message : String(error) });
      }
    }));
  }

  @Get('gezondheid')
  @HealthCheck()
  live() {
    return this.run(this.options.liveness);
  }

  @Get('gezondheid/gereed')
  @HealthCheck()
  ready() {
    return this.run(this.options.readiness);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics() {
    return metricsRegistry.metrics();
  }
}

@Module({})
class ServiceHealthModule {
  static with(options: ServiceHealthOptions): DynamicModule {
    return { module: ServiceHealthModule, imports: [TerminusModule], controllers: [ServiceHealthController], providers: [{ provide: OPTIONS, useValue: options }] };
  }
}

/** The small HTTP port of the projector and the worker: /gezondheid, /gezondheid/gereed and /metrics. */
export async function startServiceHealth(options: ServiceHealthOptions): Promise<INestApplication> {
  const app = await NestFactory.create(ServiceHealthModule.with(options), { logger: ['error', 'warn'] });
  await app.listen(options.port);
  return app;
}

/** Graceful stop on SIGINT/SIGTERM: say why, let `close` finish the work in flight, then exit. */
export function stopOnSignal(service: string, message: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(message, { service, signal });
    await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
