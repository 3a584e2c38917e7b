/**
 * A DNS lookup as node's `dns.promises.Resolver#resolve` and mailauth take it: TXT answers as their
 * strings, CNAME and A answers as names and addresses. Injected, so tests answer from a local DNS
 * server and nothing here reaches the internet on its own.
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/** What one lookup gave: the answers, none (the name or the type does not exist), or a failure. */
export type DnsAnswer = { kind: 'found'; values: string[] } | { kind: 'none' } | { kind: 'failed'; code: string };

const NO_SUCH_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

/** Looks a name up; TXT strings of one record are joined, as RFC 7208 and RFC 6376 read them; MX gives the exchanges. */
export async function lookUp(
  resolve: DnsResolver,
  name: string,
  rrtype: 'TXT' | 'CNAME' | 'A' | 'MX',
): Promise<DnsAnswer> {
  try {
    const answers: unknown[] = await resolve(name, rrtype);
    // MX answers are objects (node's and mailauth's resolvers alike): their exchange is the value.
    const values = answers.map((answer) =>
      Array.isArray(answer)
        ? answer.join('')
        : typeof answer === 'string'
          ? answer
          : String((answer as { exchange?: unknown }).exchange),
    );
    return values.length ? { kind: 'found', values } : { kind: 'none' };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NO_SUCH_RECORD.has(code)) return { kind: 'none' };
    return { kind: 'failed', code: typeof code === 'string' ? code : (error as Error).message };
  }
}

/**
 * The same resolver with one time budget for all its lookups, counted from now: mailauth looks names up
 * one after another (key, SPF includes, DMARC), so a silent DNS server would otherwise hold a check for
 * the sum of their timeouts. Past the budget a lookup fails as timed out, which the checks report as
 * "could not be checked".
 */
export function resolverWithin(resolve: DnsResolver, budgetMs: number, now: () => number = Date.now): DnsResolver {
  const deadline = now() + budgetMs;
  return (name, rrtype) => {
    const remaining = deadline - now();
    const timedOut = () => Object.assign(new Error(`DNS lookup of ${name} timed out`), { code: 'ETIMEOUT' });
    if (remaining <= 0) return Promise.reject(timedOut());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut()), remaining);
    });
    return Promise.race([resolve(name, rrtype), expired]).finally(() => clearTimeout(timer));
  };
}
