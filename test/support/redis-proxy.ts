import { createServer, connect, type Server, type Socket } from 'node:net';

export interface StallingRedisProxy {
  port: number;
  /** Connections whose replies are being held back. */
  stalled(): number;
  /** Lets every held reply through, and all later ones. */
  release(): void;
  close(): Promise<void>;
}

const INFO_COMMAND = /\r\ninfo\r\n/gi;

/**
 * A TCP proxy in front of Redis that holds back a connection's replies once the client has sent
 * `stallAfterInfo` INFO commands. ioredis sends one INFO as its ready check and BullMQ a second one
 * for its version check, so with the default of 2 a BullMQ connection stays "initializing" with a
 * command in flight, as it does for a moment on a loaded machine, while plain clients work normally.
 */
export async function startStallingRedisProxy(
  target: { host: string; port: number },
  stallAfterInfo = 2,
): Promise<StallingRedisProxy> {
  const sockets = new Set<Socket>();
  const held = new Map<Socket, Buffer[]>();
  let released = false;

  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let infos = 0;
    client.on('data', (chunk) => {
      infos += chunk.toString('latin1').match(INFO_COMMAND)?.length ?? 0;
      if (!released && infos >= stallAfterInfo && !held.has(client)) held.set(client, []);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      const queue = held.get(client);
      if (queue && !released) queue.push(chunk);
      else client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      held.delete(client);
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as { port: number }).port,
    stalled: () => held.size,
    release() {
      released = true;
      for (const [client, chunks] of held) for (const chunk of chunks) client.write(chunk);
      held.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
