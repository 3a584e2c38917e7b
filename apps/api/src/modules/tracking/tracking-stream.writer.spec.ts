import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToRedis, TrackingStreamWriter, type RedisConnector } from './tracking-stream.writer';

const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Connects as the writer would, counting the writes made on each connection. */
function countingConnector(): { connect: RedisConnector; writes: number[] } {
  const writes: number[] = [];
  const connect: RedisConnector = (url) => {
    const socket = connectToRedis(url);
    const connection = writes.push(0) - 1;
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      writes[connection]!++;
      return write(...args);
    }) as Socket['write'];
    return socket;
  };
  return { connect, writes };
}

describe('TrackingStreamWriter against Redis', () => {
  let redis: Redis;
  const key = `herald-test-${randomBytes(6).toString('hex')}:tracking-events`;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('stores every entry of a turn, in order, in one write per turn, and tells each caller', async () => {
    const errors: number[] = [];
    const { connect, writes } = countingConnector();
    const writer = new TrackingStreamWriter(REDIS_URL, key, (_error, entries) => errors.push(entries), connect);
    const results = await Promise.all(
      Array.from({ length: 2_500 }, (_, i) => writer.append(['k', 'o', 'd', `1.${i}`, 'ua', 'Łódź'])),
    );
    expect(results.every((queued) => queued)).toBe(true);
    expect(writes).toEqual([3]); // one connection; 1,000 entries a write at most
    expect(await writer.append(['k', 'c', 'd', '1.2500'])).toBe(true);
    expect(writes).toEqual([4]);
    await writer.close();
    const stored = await redis.xrange(key, '-', '+');
    expect(stored.map(([, fields]) => fields[3])).toEqual(Array.from({ length: 2_501 }, (_, i) => `1.${i}`));
    expect(stored[0]![1]).toEqual(['k', 'o', 'd', '1.0', 'ua', 'Łódź']);
    expect(errors).toEqual([]);
  });

  it('answers false, and reports, when Redis cannot be reached', async () => {
    const failures: number[] = [];
    const writer = new TrackingStreamWriter('redis://127.0.0.1:1', key, (_error, entries) => failures.push(entries));
    expect(await Promise.all([writer.append(['k', 'o']), writer.append(['k', 'c'])])).toEqual([false, false]);
    expect(failures).toEqual([2]);
  });

  it('answers false for the entry Redis refuses and true for the others', async () => {
    await redis.set(`${key}:not-a-stream`, 'x');
    const failures: number[] = [];
    const good = new TrackingStreamWriter(REDIS_URL, key, (_error, entries) => failures.push(entries));
    const bad = new TrackingStreamWriter(REDIS_URL, `${key}:not-a-stream`, (_error, entries) => failures.push(entries));
    expect(await Promise.all([good.append(['k', 'o']), bad.append(['k', 'o']), good.append(['k', 'c'])])).toEqual([
      true,
      false,
      true,
    ]);
    expect(failures).toEqual([1]);
    await Promise.all([good.close(), bad.close()]);
    await redis.del(`${key}:not-a-stream`);
  });
});

/**
 * A stand-in Redis server: records the commands each connection sends and answers as `answer` says
 * (a reply, or 'close' to drop the connection), writing each reply byte by byte when asked.
 */
class FakeRedis {
  readonly commands: string[][][] = [];
  answer: (command: string[]) => string | 'close' = (command) =>
    command[0] === 'XADD' ? `$15\r\n1700000000000-${this.commands.length}\r\n` : '+OK\r\n';
  byteByByte = false;
  delayMs = 0;
  private server!: Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<string> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const received: string[][] = [];
      this.commands.push(received);
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('utf8');
        for (let parsed = parseCommand(buffered); parsed; parsed = parseCommand(buffered)) {
          buffered = buffered.slice(parsed.length);
          received.push(parsed.command);
          const reply = this.answer(parsed.command);
          // In order with the replies before it.
          setTimeout(() => {
            if (reply === 'close') return void socket.destroy();
            if (!this.byteByByte) return void socket.write(reply);
            for (const byte of Buffer.from(reply)) socket.write(Buffer.from([byte]));
          }, this.delayMs);
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** One command (an array of bulk strings, ASCII here) at the start of `text`, and its length. */
function parseCommand(text: string): { command: string[]; length: number } | null {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return null;
  let at = header[0].length;
  const command: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(at));
    if (!bulk) return null;
    const start = at + bulk[0].length;
    const end = start + Number(bulk[1]);
    if (text.length < end + 2) return null;
    command.push(text.slice(start, end));
    at = end + 2;
  }
  return { command, length: at };
}

describe('TrackingStreamWriter against a stand-in server', () => {
  let fake: FakeRedis;
  let address: string;
  const errors: Array<{ message: string; entries: number }> = [];
  const onError = (error: unknown, entries: number): number => errors.push({ message: String(error), entries });

  beforeAll(async () => {
    fake = new FakeRedis();
    address = await fake.start();
  });

  afterAll(() => fake.stop());

  const reset = (): void => {
    fake.commands.length = 0;
    fake.answer = new FakeRedis().answer;
    fake.byteByByte = false;
    fake.delayMs = 0;
    errors.length = 0;
  };

  it('authenticates and selects the database the URL names before its first entry', async () => {
    reset();
    const writer = new TrackingStreamWriter(`redis://herald:p%40ss@${address}/3`, 'k', onError);
    expect(await writer.append(['e', '1'])).toBe(true);
    expect(fake.commands).toEqual([
      [
        ['AUTH', 'herald', 'p@ss'],
        ['SELECT', '3'],
        ['XADD', 'k', '*', 'e', '1'],
      ],
    ]);
    await writer.close();
    const plain = new TrackingStreamWriter(`redis://:secret@${address}`, 'k', onError);
    expect(await plain.append(['e', '2'])).toBe(true);
    expect(fake.commands[1]).toEqual([
      ['AUTH', 'secret'],
      ['XADD', 'k', '*', 'e', '2'],
    ]);
    await plain.close();
    expect(errors).toEqual([]);
  });

  it('answers false when the server refuses its AUTH, and connects again for the next turn', async () => {
    reset();
    fake.answer = (command) => (command[0] === 'AUTH' ? '-WRONGPASS invalid username-password pair\r\n' : '+OK\r\n');
    const writer = new TrackingStreamWriter(`redis://:wrong@${address}`, 'k', onError);
    expect(await Promise.all([writer.append(['e', '1']), writer.append(['e', '2'])])).toEqual([false, false]);
    expect(errors).toEqual([
      { message: expect.stringContaining('Redis refused AUTH: WRONGPASS') as string, entries: 2 },
    ]);
    fake.answer = new FakeRedis().answer;
    expect(await writer.append(['e', '3'])).toBe(true);
    expect(fake.commands).toHaveLength(2);
    await writer.close();
  });

  it('answers false for what was in flight when the connection drops, then stores on a new one', async () => {
    reset();
    fake.answer = (command) => (command[4] === 'drop' ? 'close' : `$3\r\n1-1\r\n`);
    const writer = new TrackingStreamWriter(`redis://${address}`, 'k', onError);
    expect(await Promise.all([writer.append(['e', 'kept']), writer.append(['e', 'drop'])])).toEqual([true, false]);
    expect(errors).toEqual([{ message: expect.any(String) as string, entries: 1 }]);
    expect(await writer.append(['e', 'after'])).toBe(true);
    expect(fake.commands.map((commands) => commands.map((command) => command[4]))).toEqual([
      ['kept', 'drop'],
      ['after'],
    ]);
    await writer.close();
  });

  it('reads replies that arrive a byte at a time, errors among them', async () => {
    reset();
    fake.byteByByte = true;
    fake.answer = (command) => (command[4] === 'bad' ? '-ERR no\r\n' : '$15\r\n1700000000000-0\r\n');
    const writer = new TrackingStreamWriter(`redis://${address}`, 'k', onError);
    const entries = ['a', 'bad', 'b', 'c', 'bad', 'd'];
    expect(await Promise.all(entries.map((entry) => writer.append(['e', entry])))).toEqual(
      entries.map((entry) => entry !== 'bad'),
    );
    expect(errors.reduce((sum, error) => sum + error.entries, 0)).toBe(2);
    await writer.close();
  });

  it('on close, waits for the answers to what it sent, then takes no more entries', async () => {
    reset();
    fake.delayMs = 200;
    const writer = new TrackingStreamWriter(`redis://${address}`, 'k', onError);
    const sent = writer.append(['e', '1']);
    await new Promise((resolve) => setImmediate(resolve));
    await writer.close();
    expect(await sent).toBe(true);
    expect(await writer.append(['e', '2'])).toBe(false);
    expect(fake.commands.flat()).toHaveLength(1);
  });
});
