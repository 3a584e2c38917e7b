// Builds packages/bounces/corpus/sisimai (see its README.md) from sisimai's set-of-emails and p5-sisimai's t/
// expectation tables: `SISIMAI_P5=<p5-sisimai clone> SISIMAI_SET=<set-of-emails clone> node scripts/build-bounce-corpus.mjs`.
// Recipients are read with Debian's libsisimai-perl when installed (a build-time reference only, never used by Herald).
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { mkdirSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const P5 = process.env.SISIMAI_P5 ?? '/work/.mirror/sisimai+p5-sisimai/repo';
const SOE = process.env.SISIMAI_SET ?? '/work/.mirror/sisimai+set-of-emails/repo';
const OUT = join(import.meta.dirname, '..', 'packages', 'bounces', 'corpus', 'sisimai');
const MAX_BYTES = 24 * 1024;
const PER_ENGINE = Number(process.env.PER_ENGINE ?? 7);
const git = (repo, ...args) => execFileSync('git', ['-C', repo, ...args], { maxBuffer: 1 << 28 });
const P5_COMMIT = git(P5, 'rev-parse', 'HEAD').toString().trim();
const SOE_COMMIT = git(SOE, 'rev-parse', 'HEAD').toString().trim();

const sizes = new Map();
for (const line of git(SOE, 'ls-tree', '-r', '-l', 'HEAD', 'maildir/bsd').toString().trim().split('\n')) {
  const [meta, path] = line.split('\t');
  sizes.set(path.replace('maildir/bsd/', ''), Number(meta.trim().split(/\s+/)[3]));
}

const FAMILY = {
  postfix: 'postfix',
  exim: 'exim',
  sendmail: 'sendmail',
  v5sendmail: 'sendmail',
  qmail: 'qmail',
  exchange2003: 'microsoft',
  exchange2007: 'microsoft',
  office365: 'microsoft',
  outlook: 'microsoft',
  microsoft: 'microsoft',
  gmail: 'google',
  gsuite: 'google',
  googlegroups: 'google',
  google: 'google',
  yahoo: 'yahoo-aol',
  aol: 'yahoo-aol',
  yahooinc: 'yahoo-aol',
  verizon: 'yahoo-aol',
  amazonses: 'amazon',
  amazonworkmail: 'amazon',
  receivingses: 'amazon',
  kddi: 'japanese',
  ezweb: 'japanese',
  biglobe: 'japanese',
  nttdocomo: 'japanese',
  au: 'japanese',
  docomo: 'japanese',
  softbank: 'japanese',
  arf: 'complaints',
  rfc3834: 'auto-replies',
  rfc3464: 'rfc3464',
};
const family = (engine) => FAMILY[engine] ?? 'other';
// Herald's policy for each sisimai reason (the same table as actionOfReason in packages/bounces; a spec keeps them equal).
const ACTION = {
  userunknown: 'hard',
  hostunknown: 'hard',
  hasmoved: 'hard',
  notaccept: 'hard',
  mailboxfull: 'soft',
  suspend: 'soft',
  expired: 'soft',
  systemerror: 'soft',
  systemfull: 'soft',
  networkerror: 'soft',
  mailererror: 'soft',
  filtered: 'soft',
  undefined: 'soft',
  onhold: 'soft',
  blocked: 'sender-side',
  spamdetected: 'sender-side',
  policyviolation: 'sender-side',
  authfailure: 'sender-side',
  requireptr: 'sender-side',
  badreputation: 'sender-side',
  speeding: 'sender-side',
  toomanyconn: 'sender-side',
  securityerror: 'sender-side',
  norelaying: 'sender-side',
  rejected: 'sender-side',
  contenterror: 'sender-side',
  virusdetected: 'sender-side',
  mesgtoobig: 'sender-side',
  exceedlimit: 'sender-side',
  syntaxerror: 'sender-side',
  notcompliantrfc: 'sender-side',
  feedback: 'complaint',
  delivered: 'ignore',
  vacation: 'ignore',
};

const tests = git(P5, 'ls-tree', '--name-only', 'HEAD', 't/')
  .toString()
  .trim()
  .split('\n')
  .filter((t) => /-(lhost|rhost)-[\w]+\.t$|-(arf|rfc3464|rfc3834)\.t$/.test(t));
for (const entry of readdirSync(OUT, { withFileTypes: true }))
  if (entry.isDirectory()) rmSync(join(OUT, entry.name), { recursive: true });
const messages = {};
const engines = new Set();
for (const t of tests) {
  const src = git(P5, 'show', `HEAD:${t}`).toString();
  const engineName = /\$enginename\s*=\s*'([^']+)'/.exec(src)?.[1];
  if (!engineName) continue;
  const kind = /-rhost-/.test(t) ? 'rhost' : /-lhost-/.test(t) ? 'lhost' : '';
  const engine = engineName.toLowerCase();
  const table = src.slice(src.indexOf('$isexpected'), src.indexOf('};', src.indexOf('$isexpected')));
  const entries = [];
  for (const m of table.matchAll(/'(\d+)'\s*=>\s*\[((?:\s*\[[^\]]*\],?)+)\s*\]/g)) {
    const rows = [...m[2].matchAll(/\[([^\]]*)\]/g)].map((r) =>
      [...r[1].matchAll(/'([^']*)'|(\d+)/g)].map((v) => v[1] ?? v[2]),
    );
    entries.push({ index: m[1], rows });
  }
  // Prefer messages whose reasons this engine has not shown yet, then small ones.
  const file = (index) => `${kind ? `${kind}-` : ''}${engine}-${String(Number(index)).padStart(2, '0')}.eml`;
  const usable = entries.filter((e) => sizes.has(file(e.index)) && sizes.get(file(e.index)) <= MAX_BYTES);
  const picked = [];
  const seenReasons = new Set();
  for (const e of usable) {
    const r = e.rows.map((row) => row[2]).join(',');
    if (!seenReasons.has(r)) {
      seenReasons.add(r);
      picked.push(e);
    }
  }
  for (const e of usable) if (!picked.includes(e)) picked.push(e);
  const cap = ['arf', 'rfc3834', 'rfc3464'].includes(engine)
    ? 12
    : ['postfix', 'exim', 'sendmail', 'qmail'].includes(engine)
      ? 15
      : PER_ENGINE;
  for (const e of picked.slice(0, cap)) {
    const name = file(e.index);
    const fam = family(engine);
    const rel = `${fam}/${name}`;
    mkdirSync(join(OUT, fam), { recursive: true });
    writeFileSync(join(OUT, rel), git(SOE, 'show', `HEAD:maildir/bsd/${name}`));
    engines.add(`${kind || 'format'}:${engine}`);
    messages[rel] = {
      engine: `${kind ? `${kind}-` : ''}${engine}`,
      source: `https://github.com/sisimai/set-of-emails/blob/${SOE_COMMIT}/maildir/bsd/${name}`,
      expectationSource: `https://github.com/sisimai/p5-sisimai/blob/${P5_COMMIT}/${t}#${e.index}`,
      recipients: e.rows.map((row) => ({
        reason: row[2],
        action: ACTION[row[2]],
        status: row[0] || undefined,
        replyCode: row[1] || undefined,
        ...(row[4] ? { feedbackType: row[4] } : {}),
      })),
    };
  }
}
const RECIPIENTS_PL = `use Sisimai; use JSON::PP; my %o; for my $f (@ARGV) { my $v = eval { Sisimai->make($f, delivered => 1, vacation => 1) } || []; $o{$f} = [map { $_->recipient->address } @$v]; } print JSON::PP->new->encode(\\%o);`;
const files = Object.keys(messages);
let found = {};
try {
  found = JSON.parse(
    execFileSync('perl', ['-e', RECIPIENTS_PL, ...files], {
      cwd: OUT,
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString(),
  );
} catch {
  console.warn('libsisimai-perl not available: recipients left out');
}
for (const [rel, message] of Object.entries(messages)) {
  const list = found[rel] ?? [];
  if (list.length === message.recipients.length)
    message.recipients.forEach((row, i) => {
      if (list[i]) row.recipient = list[i].toLowerCase();
    });
  message.recipients = message.recipients.map(({ recipient, ...rest }) => (recipient ? { recipient, ...rest } : rest));
}
writeFileSync(
  join(OUT, 'expected.json'),
  JSON.stringify(
    {
      $comment:
        'Built by scripts/build-bounce-corpus.mjs (see README.md): reason, status and reply code per recipient from sisimai test tables (expectationSource); recipient read by Debian libsisimai-perl 4.25; action is Herald policy (actionOfReason).',
      setOfEmails: SOE_COMMIT,
      p5Sisimai: P5_COMMIT,
      messages,
    },
    null,
    2,
  ) + '\n',
);
console.log(Object.keys(messages).length, 'messages from', engines.size, 'engines');
