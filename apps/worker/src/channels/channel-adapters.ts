import type { OnApplicationShutdown } from '@nestjs/common';
import type { ChannelAdapter, ChannelKind } from '@herald/channels';
import { DomainError } from '@herald/domain';

/** The channels this worker can send through, by kind; later adapters replace earlier ones of the same kind. */
export class ChannelAdapters implements OnApplicationShutdown {
  private readonly byKind = new Map<ChannelKind, ChannelAdapter>();

  constructor(adapters: readonly ChannelAdapter[]) {
    for (const adapter of adapters) this.byKind.set(adapter.channel, adapter);
  }

  /** A mailing on a channel without an adapter cannot be sent by retrying: a domain error. */
  for(channel: ChannelKind): ChannelAdapter {
    const adapter = this.byKind.get(channel);
    if (!adapter) throw DomainError.invalidState(`This worker cannot send ${channel} mailings: no ${channel} channel`);
    return adapter;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.byKind.values()].map((adapter) => adapter.close()));
  }
}
