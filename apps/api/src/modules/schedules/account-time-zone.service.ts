import { Injectable } from '@nestjs/common';
import type { AccountTimeZoneRequest, AccountTimeZoneResponse } from '@herald/contracts';
import { assertTimeZone } from '@herald/domain';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';

/** The account's IANA time zone (docs/rules/scheduling.md): a schedule that names none is in it. */
@Injectable()
export class AccountTimeZoneService {
  constructor(private readonly prisma: PrismaService) {}

  async get(principal: Principal): Promise<AccountTimeZoneResponse> {
    const account = await this.prisma.client.account.findUniqueOrThrow({
      where: { id: principal.accountId },
      select: { timezone: true },
    });
    return { timezone: account.timezone };
  }

  /** Existing schedules keep the zone they were saved with; new ones take this. */
  async set(principal: Principal, input: AccountTimeZoneRequest): Promise<AccountTimeZoneResponse> {
    const timezone = assertTimeZone(input.timezone, 'timezone', "The account's");
    const account = await this.prisma.client.account.update({
      where: { id: principal.accountId },
      data: { timezone },
      select: { timezone: true },
    });
    return { timezone: account.timezone };
  }
}
