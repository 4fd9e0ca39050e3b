import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { Public } from '../http/request-context';

@ApiTags('gezondheid')
@Public()
@Controller('gezondheid')
export class GezondheidController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  @ApiOperation({ summary: 'Leeft de dienst, en hoe ver zijn de leesmodellen' })
  @ApiOkResponse({ description: 'Status, opslag en achterstand per projectie.' })
  async health() {
    await this.runtime.db.query('SELECT 1');
    const head = await this.runtime.store.headPosition();
    return {
      status: 'ok',
      opslag: this.runtime.db.kind,
      positie: head,
      projecties: this.runtime.projector.status().map((p) => ({ ...p, achterstand: Math.max(0, head - p.position) })),
    };
  }
}
