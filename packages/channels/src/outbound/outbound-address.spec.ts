import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostSyntaxRefusal, outboundAddressRefusal, smtpPortRefusal } from './outbound-address';
import { resolveOutbound } from './outbound-resolver';

const tenant = { allowPrivate: false };
const operatorAllows = { allowPrivate: true };

describe('outboundAddressRefusal: a tenant reaches public addresses only', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'], // cloud metadata
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'], // TEST-NET-1
    ['198.18.0.1', 'reserved'], // benchmarking
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['::127.0.0.1', 'not a public one'], // deprecated IPv4-compatible form, outside 2000::/3
    ['2001:db8::1', 'reserved'], // documentation
    ['2002:7f00:1::1', '6to4'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['fec0::1', 'not a public one'], // site-local
  ])('refuses %s (%s)', (address, why) => {
    const refusal = outboundAddressRefusal(address, tenant);
    expect(refusal).not.toBeNull();
    expect(refusal).toContain(why);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2a00:1450:4001:81a::200e',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => expect(outboundAddressRefusal(address, tenant)).toBeNull());

  it('allows every address when the operator allows private ones, but still wants an IP address', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '::1', '169.254.169.254'])
      expect(outboundAddressRefusal(address, operatorAllows)).toBeNull();
    expect(outboundAddressRefusal('localhost', operatorAllows)).toContain('not an IP address');
  });
});

describe('outboundAddressRefusal, for any address', () => {
  const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const hex = (a: number, b: number) => ((a << 8) | b).toString(16);

  it('judges an IPv4 address and its IPv4-mapped IPv6 forms alike', () => {
    fc.assert(
      fc.property(octets, ([a, b, c, d]) => {
        const v4 = `${a}.${b}.${c}.${d}`;
        const refused = outboundAddressRefusal(v4, tenant) !== null;
        expect(outboundAddressRefusal(`::ffff:${v4}`, tenant) !== null).toBe(refused);
        expect(outboundAddressRefusal(`::ffff:${hex(a, b)}:${hex(c, d)}`, tenant) !== null).toBe(refused);
      }),
    );
  });

  it('refuses every address of the private, loopback, link-local and CGNAT blocks', () => {
    const blocks: Array<[number[], number]> = [
      [[10], 8],
      [[172, 16], 12],
      [[192, 168], 16],
      [[127], 8],
      [[169, 254], 16],
      [[100, 64], 10],
      [[0], 8],
      [[224], 4],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...blocks), fc.nat(0xffffffff), ([prefix, bits], random) => {
        const base = prefix
          .concat([0, 0, 0, 0])
          .slice(0, 4)
          .reduce((n, o) => n * 256 + o, 0);
        const address = (base + (random % 2 ** (32 - bits))) >>> 0;
        const dotted = [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
        expect(outboundAddressRefusal(dotted, tenant)).not.toBeNull();
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        outboundAddressRefusal(text, tenant);
        hostSyntaxRefusal(text);
      }),
    );
  });
});

describe('smtpPortRefusal', () => {
  it('allows SMTP ports only, unless the operator allows private connections', () => {
    for (const port of [25, 465, 587, 2525]) expect(smtpPortRefusal(port, tenant)).toBeNull();
    for (const port of [22, 80, 443, 1025, 5432, 6379, 8080])
      expect(smtpPortRefusal(port, tenant)).toMatch(/SMTP port/);
    expect(smtpPortRefusal(1025, operatorAllows)).toBeNull();
  });
});

describe('hostSyntaxRefusal', () => {
  it.each(['smtp.example.com', 'mail-1.example.co.uk', 'localhost', 'example.com.', '10.0.0.1', '::1'])(
    'accepts %s',
    (host) => expect(hostSyntaxRefusal(host)).toBeNull(),
  );
  it.each([
    '[::1]',
    'smtp.example.com:25',
    'a b',
    '-bad.example',
    'bad-.example',
    'a..b',
    '2130706433',
    '127.1',
    'x'.repeat(254),
    'http://x',
  ])('refuses %s', (host) => expect(hostSyntaxRefusal(host)).not.toBeNull());
});

describe('resolveOutbound', () => {
  const lookup = (answers: Record<string, string[]>) => async (host: string) => answers[host] ?? [];

  it('returns the checked address to connect to, so a second DNS answer cannot differ', async () => {
    expect(
      await resolveOutbound('smtp.example.com', tenant, lookup({ 'smtp.example.com': ['93.184.215.14'] })),
    ).toEqual({ ok: true, address: '93.184.215.14' });
  });

  it('refuses a name when any of its addresses is private', async () => {
    const result = await resolveOutbound(
      'rebind.example',
      tenant,
      lookup({ 'rebind.example': ['93.184.215.14', '127.0.0.1'] }),
    );
    expect(result).toEqual({
      ok: false,
      refusal: 'rebind.example resolves to 127.0.0.1 is a loopback address, not a public one',
    });
  });

  it('refuses a name that does not resolve and one whose lookup fails', async () => {
    expect(await resolveOutbound('nowhere.example', tenant, lookup({}))).toEqual({
      ok: false,
      refusal: 'nowhere.example does not resolve to an address',
    });
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect((await resolveOutbound('nowhere.example', tenant, failing)).ok).toBe(false);
  });

  it('checks IP literals without a lookup', async () => {
    const never = async () => {
      throw new Error('no lookup expected');
    };
    expect(await resolveOutbound('10.0.0.1', tenant, never)).toMatchObject({ ok: false });
    expect(await resolveOutbound('10.0.0.1', operatorAllows, never)).toEqual({ ok: true, address: '10.0.0.1' });
  });

  it('resolves localhost to a loopback address and refuses it for a tenant', async () => {
    const result = await resolveOutbound('localhost', tenant);
    expect(result.ok).toBe(false);
  });
});
