import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GEMEENTEN, GREMIA, HOLLAND_RIJNLAND, SUBREGIOS } from '../../../../libs/reference-data/src';
import { Public } from '../http/request-context';

/** Reference data is public: the same lists anyone can find on overheid.nl. */
@ApiTags('referentiedata')
@Public()
@Controller()
export class ReferentiedataController {
  @Get('gemeenten')
  @ApiOperation({ summary: 'De 13 gemeenten van Holland Rijnland met CBS-code, TOOI-id en subregio' })
  @ApiOkResponse({ description: 'De gemeenten.' })
  gemeenten() {
    return { gemeenten: GEMEENTEN };
  }

  @Get('subregios')
  @ApiOperation({ summary: "De drie subregio's en hun gemeenten" })
  @ApiOkResponse({ description: "De subregio's." })
  subregios() {
    return { subregios: SUBREGIOS, regio: HOLLAND_RIJNLAND };
  }

  @Get('gremia')
  @ApiOperation({ summary: 'De gremia en waarover zij besluiten' })
  @ApiOkResponse({ description: 'De gremia.' })
  gremia() {
    return { gremia: GREMIA };
  }
}
