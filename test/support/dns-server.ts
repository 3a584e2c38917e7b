import dns2 from 'dns2';

const { Packet } = dns2;

/** What a name holds: TXT records (each one string, split into 255-octet strings on the wire), a CNAME, A addresses. */
export interface ZoneEntry {
  TXT?: string[];
  CNAME?: string;
  A?: string[];
}

export interface LocalDnsServer {
  /** `127.0.0.1:<port>`, for DNS_SERVERS. */
  server: string;
  /** The zone, by lower-case name: change it between lookups. */
  zone: Map<string, ZoneEntry>;
  close(): Promise<void>;
}

/**
 * An authoritative DNS server on loopback (UDP, a port chosen by the OS) answering from `zone`:
 * NXDOMAIN for a name it does not hold, an empty answer for a type the name does not have.
 * Sender-domain tests look records up here and never on the internet.
 */
export async function startDnsServer(zone: Map<string, ZoneEntry> = new Map()): Promise<LocalDnsServer> {
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase().replace(/\.$/, '') ?? '';
      const entry = zone.get(name);
      const base = { name: question?.name ?? name, class: Packet.CLASS.IN, ttl: 1 };
      // dns2's type wants the encoder its class adds when the response is written.
      type Answer = (typeof response.answers)[number];
      const answer = (resource: Omit<Answer, 'toBuffer'>) => response.answers.push(resource as Answer);
      if (!entry) response.header.rcode = Packet.RCODE.NXDOMAIN;
      else if (question?.type === Packet.TYPE.TXT)
        for (const text of entry.TXT ?? [])
          answer({ ...base, type: Packet.TYPE.TXT, data: text.match(/[^]{1,255}/g) ?? [''] });
      else if (question?.type === Packet.TYPE.CNAME && entry.CNAME)
        answer({ ...base, type: Packet.TYPE.CNAME, domain: entry.CNAME });
      else if (question?.type === Packet.TYPE.A)
        for (const address of entry.A ?? []) answer({ ...base, type: Packet.TYPE.A, address });
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return {
    server: `127.0.0.1:${addresses.udp!.port}`,
    zone,
    close: () => server.close(),
  };
}
