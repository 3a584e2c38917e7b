import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../common/auth/decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrorResponses } from '../../common/openapi';
import { PrintRunService } from './print-run.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailings/:id')
export class PrintRunController {
  constructor(private readonly printRuns: PrintRunService) {}

  /** One merged PDF of a fax mailing's documents, one per destination, for a print shop. */
  @Get('print-run')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async printRun(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Res() res: Response,
  ): Promise<void> {
    const { pdf, filename } = await this.printRuns.render(principal, id);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="${filename}"`)
      .send(pdf);
  }
}
