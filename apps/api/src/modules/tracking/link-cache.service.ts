import { Injectable } from '@nestjs/common';
import { redirectTarget } from '@herald/templating';
import { PrismaService } from '../../common/prisma.service';

const MAX_MAILINGS = 500;

/**
 * The links of recently clicked mailings, in memory: a redirect then needs no database round trip,
 * and a burst of clicks keeps working while PostgreSQL is briefly slow.
 */
@Injectable()
export class LinkCacheService {
  private readonly byMailing = new Map<number, Promise<Map<number, string>>>();

  constructor(private readonly prisma: PrismaService) {}

  /** The link's URL as a Location header (see `redirectTarget`); undefined for no such link or one that is no redirect target. */
  async redirectTarget(mailingId: number, position: number): Promise<string | undefined> {
    let links = this.byMailing.get(mailingId);
    if (!links) {
      // Serialised once per mailing rather than per click.
      links = this.prisma.client.link.findMany({ where: { mailingId }, select: { position: true, url: true } }).then(
        (rows) =>
          new Map(
            rows.flatMap((r) => {
              const location = redirectTarget(r.url);
              return location === null ? [] : [[r.position, location] as const];
            }),
          ),
      );
      links.catch(() => this.byMailing.delete(mailingId));
      if (this.byMailing.size >= MAX_MAILINGS) this.byMailing.delete(this.byMailing.keys().next().value!);
      this.byMailing.set(mailingId, links);
    }
    return (await links).get(position);
  }
}
