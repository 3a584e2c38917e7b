import { Body, Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import type { HeraldConfig } from '@herald/config';
import { FAX_SIGNATURE_HEADER, FAX_STATUS_PATH } from '@herald/channels';
import { Public } from '../../common/auth/decorators';
import { InjectConfig } from '../../common/config';
import { FaxWebhooksService } from './fax-webhooks.service';

/** The fax API's status callbacks; public, and verified by X-Phaxio-Signature in the service. */
@ApiExcludeController()
@Public()
@Controller()
export class FaxWebhooksController {
  private readonly base: string;

  constructor(
    @InjectConfig() config: HeraldConfig,
    private readonly fax: FaxWebhooksService,
  ) {
    this.base = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  @Post(FAX_STATUS_PATH)
  @HttpCode(204)
  async status(
    @Req() req: Request,
    @Body() body: unknown,
    @Headers(FAX_SIGNATURE_HEADER) signature: string | undefined,
    @Query('d') destination: unknown,
  ): Promise<void> {
    // The URL the provider signed: the public one, whatever proxy the request came through.
    const query = req.originalUrl.indexOf('?');
    const url = `${this.base}${FAX_STATUS_PATH}${query === -1 ? '' : req.originalUrl.slice(query)}`;
    await this.fax.status({ url, signature, params: body }, typeof destination === 'string' ? destination : undefined);
  }
}
