import { Body, Controller, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { HeraldConfig } from '@herald/config';
import { SMS_INBOUND_PATH, SMS_STATUS_PATH } from '@herald/channels';
import { Public } from '../../common/auth/decorators';
import { InjectConfig } from '../../common/config';
import { SmsWebhooksService } from './sms-webhooks.service';

// An empty TwiML answer: Twilio then sends no reply of its own (its STOP answer comes from Twilio itself).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's webhooks; public, and verified by X-Twilio-Signature in the service. */
@ApiExcludeController()
@Public()
@Controller()
export class SmsWebhooksController {
  private readonly base: string;

  constructor(
    @InjectConfig() config: HeraldConfig,
    private readonly sms: SmsWebhooksService,
  ) {
    this.base = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  /** The URL Twilio signed: the public one, whatever proxy the request came through. */
  private publicUrl(path: string, req: Request): string {
    const query = req.originalUrl.indexOf('?');
    return `${this.base}${path}${query === -1 ? '' : req.originalUrl.slice(query)}`;
  }

  @Post(SMS_STATUS_PATH)
  @HttpCode(204)
  async status(
    @Req() req: Request,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Query('d') destination: unknown,
  ): Promise<void> {
    await this.sms.status(
      { url: this.publicUrl(SMS_STATUS_PATH, req), signature, params: body },
      typeof destination === 'string' ? destination : undefined,
    );
  }

  @Post(SMS_INBOUND_PATH)
  async inbound(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    await this.sms.inbound({ url: this.publicUrl(SMS_INBOUND_PATH, req), signature, params: body });
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  }
}
