import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import type { SmsSettingsRequest, SmsSettingsResponse } from '@herald/contracts';
import { InjectConfig } from '../../common/config';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';

/** The account's SMS sender (a number or a sender id), or the platform's when it has none. */
@Injectable()
export class SmsSettingsService {
  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly prisma: PrismaService,
  ) {}

  async get(principal: Principal): Promise<SmsSettingsResponse> {
    const account = await this.prisma.client.account.findUniqueOrThrow({
      where: { id: principal.accountId },
      select: { smsSender: true },
    });
    return {
      sender: account.smsSender,
      platformSender: this.config.TWILIO_FROM,
      pricePerSegment: this.config.SMS_PRICE_PER_SEGMENT,
      currency: 'USD',
    };
  }

  async set(principal: Principal, input: SmsSettingsRequest): Promise<SmsSettingsResponse> {
    await this.prisma.client.account.update({
      where: { id: principal.accountId },
      data: { smsSender: input.sender },
    });
    return this.get(principal);
  }
}
