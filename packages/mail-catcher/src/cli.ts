#!/usr/bin/env node
// `herald-mail-catcher`: the local SMTP sink and web UI that `npm start` runs for development.
import { parseArgs } from 'node:util';
import { startMailCatcher, type KeepMode } from './mail-catcher';

const usage = `Usage: herald-mail-catcher [--smtp-port 1025] [--http-port 1080] [--host 127.0.0.1] [--keep all|headers|none] [--max-kept 1000]
Environment: MAILCATCHER_SMTP_PORT, MAILCATCHER_HTTP_PORT, MAILCATCHER_HOST (flags win).`;

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), name: 'mail-catcher', msg, ...fields });
  if (level === 'error') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

function port(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new Error(`${name} must be a port number (0–65535), got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'smtp-port': { type: 'string' },
      'http-port': { type: 'string' },
      host: { type: 'string' },
      keep: { type: 'string' },
      'max-kept': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const smtpPort = port(
    '--smtp-port / MAILCATCHER_SMTP_PORT',
    values['smtp-port'] ?? process.env['MAILCATCHER_SMTP_PORT'] ?? '1025',
  );
  const httpPort = port(
    '--http-port / MAILCATCHER_HTTP_PORT',
    values['http-port'] ?? process.env['MAILCATCHER_HTTP_PORT'] ?? '1080',
  );
  const host = values.host ?? process.env['MAILCATCHER_HOST'] ?? '127.0.0.1';
  const keep = (values.keep ?? 'all') as KeepMode;
  const maxKept = values['max-kept'] === undefined ? undefined : Number(values['max-kept']);

  const catcher = await startMailCatcher({
    smtpPort,
    httpPort,
    smtpHost: host,
    keep,
    ...(maxKept === undefined ? {} : { maxKept }),
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  log('info', 'mail catcher started', {
    smtp: `smtp://${shownHost}:${catcher.smtpPort}`,
    http: `http://${shownHost}:${catcher.httpPort}`,
    keep,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    catcher.close().then(
      () => {
        log('info', 'mail catcher stopped', { signal, messages: catcher.count().messages });
        process.exit(0);
      },
      (error: unknown) => {
        log('error', 'mail catcher did not stop cleanly', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const issues =
    typeof error === 'object' && error !== null && 'issues' in error
      ? (error as { issues: unknown }).issues
      : undefined;
  log(
    'error',
    `mail catcher could not start: ${error instanceof Error ? error.message : String(error)}`,
    issues ? { issues } : {},
  );
  process.stderr.write(`${usage}\n`);
  process.exit(1);
});
