import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { CaughtMessage, MailCatcher } from './mail-catcher';

export interface WebUi {
  port: number;
  close(): Promise<void>;
}

interface WebUiOptions {
  port: number;
  host: string;
  smtpPort: number;
}

// Mail content is shown in a sandboxed iframe; this policy is the second fence should escaping ever miss.
const CONTENT_SECURITY_POLICY = "script-src 'none'; object-src 'none'; form-action 'self'";

/** The mail catcher's pages and JSON API on plain node:http: a handful of routes needs no framework. */
export async function startWebUi(catcher: MailCatcher, options: WebUiOptions): Promise<WebUi> {
  const server = createServer((req, res) => {
    route(catcher, options, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, 'text/plain; charset=utf-8', `Error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });
  // Browsers keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1000;
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(
  catcher: MailCatcher,
  options: WebUiOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const method = req.method ?? 'GET';
  const byId = /^\/(api\/)?messages\/([^/]+)(\/raw)?$/.exec(path);

  if (method === 'GET' && path === '/') return send(res, 200, HTML, listPage(catcher, options));
  if (method === 'POST' && path === '/clear') {
    catcher.clear();
    res.writeHead(303, { location: '/' }).end();
    return;
  }
  if (path === '/api/messages') {
    if (method === 'GET') return sendJson(res, 200, newestFirst(catcher.messages()).map(summary));
    if (method === 'DELETE') {
      catcher.clear();
      res.writeHead(204).end();
      return;
    }
  }
  if (method === 'GET' && path === '/api/count')
    // distinctRecipients beside messages: a run that sent each address once has the two equal.
    return sendJson(res, 200, {
      ...catcher.count(),
      distinctRecipients: catcher.recipientCounts().size,
      kept: catcher.messages().length,
      keep: catcher.keep,
    });
  if (method === 'GET' && byId) {
    const [, api, id, raw] = byId;
    const message = catcher.message(decodeURIComponent(id!));
    if (!message)
      return api
        ? sendJson(res, 404, { message: `Message ${id} is not kept` })
        : send(
            res,
            404,
            HTML,
            page('Not found', `<p>Message ${escapeHtml(id!)} is not kept (any more). <a href="/">All messages</a></p>`),
          );
    if (raw && !api) {
      if (message.raw === undefined)
        return send(res, 404, 'text/plain; charset=utf-8', 'Only headers were kept of this message.');
      return send(res, 200, 'text/plain; charset=utf-8', message.raw);
    }
    const parsed = message.raw === undefined ? undefined : await catcher.parsed(message.id);
    if (api && !raw) {
      return sendJson(res, 200, {
        ...summary(message),
        html: parsed?.html ?? null,
        text: parsed?.text ?? null,
        attachments: (parsed?.attachments ?? []).map((a) => ({
          filename: a.filename ?? null,
          contentType: a.contentType,
          size: a.size,
        })),
      });
    }
    if (!api) return send(res, 200, HTML, messagePage(message, parsed));
  }
  send(res, 404, 'text/plain; charset=utf-8', 'Not found');
}

const HTML = 'text/html; charset=utf-8';

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function summary(message: CaughtMessage): Omit<CaughtMessage, 'raw' | 'receivedAt'> & { receivedAt: string } {
  return {
    id: message.id,
    envelope: message.envelope,
    greeting: message.greeting,
    receivedAt: message.receivedAt.toISOString(),
    headers: message.headers,
    subject: message.subject,
    size: message.size,
  };
}

function newestFirst(messages: CaughtMessage[]): CaughtMessage[] {
  return messages.reverse();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string, refresh = false): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="5">' : ''}<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.8rem 1.5rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header h1{font-size:1.1rem;margin:0}header a{color:#fff}header form{margin-left:auto}
main{padding:1rem 1.5rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e6eb;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;color:#5b6474}tr:hover td{background:#f0f4ff}
td.time{white-space:nowrap;color:#5b6474}.empty{color:#5b6474;padding:2rem 0}
iframe{width:100%;height:32rem;border:1px solid #d5d9e0;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d5d9e0;padding:.8rem}
.headers td:first-child{font-weight:600;white-space:nowrap}.headers td{white-space:pre-wrap;word-break:break-all}
</style></head><body>${body}</body></html>`;
}

function listPage(catcher: MailCatcher, options: WebUiOptions): string {
  const count = catcher.count();
  const messages = newestFirst(catcher.messages());
  const rows = messages
    .map(
      (m) =>
        `<tr><td class="time">${escapeHtml(m.receivedAt.toISOString().replace('T', ' ').slice(0, 19))}</td>` +
        `<td>${escapeHtml(m.headers['from'] ?? m.envelope.from)}</td><td>${escapeHtml(m.envelope.to.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('\n');
  const content =
    catcher.keep === 'none'
      ? `<p class="empty">This catcher counts messages without keeping them (keep: none).</p>`
      : messages.length === 0
        ? `<p class="empty">No messages yet. Send mail to SMTP ${escapeHtml(options.host)}:${options.smtpPort} and it shows up here.</p>`
        : `<table><thead><tr><th>Received (UTC)</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
  return page(
    'Herald mail catcher',
    `<header><h1>Herald mail catcher</h1><span>${count.messages} messages to ${count.recipients} recipients · SMTP ${escapeHtml(options.host)}:${options.smtpPort}</span>` +
      `<form method="post" action="/clear"><button>Clear</button></form></header><main>${content}</main>`,
    true,
  );
}

function messagePage(
  message: CaughtMessage,
  parsed:
    | { html?: string; text?: string; attachments: { filename?: string; contentType: string; size: number }[] }
    | undefined,
): string {
  const headerRows = Object.entries(message.headers)
    .map(([name, value]) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const envelope = `<tr><td>envelope from</td><td>${escapeHtml(message.envelope.from || '<>')}</td></tr><tr><td>envelope to</td><td>${escapeHtml(message.envelope.to.join(', '))}</td></tr>`;
  let body = '';
  if (!parsed) {
    body = '<p class="empty">Only the headers of this message were kept (keep: headers).</p>';
  } else {
    // No allow-scripts and no allow-same-origin: the mail's HTML can neither run code nor reach this page.
    // Links open in a new tab so that a click on a tracking link behaves as in a mail client.
    if (parsed.html !== undefined) {
      body += `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(`<base target="_blank">${parsed.html}`)}"></iframe>`;
    }
    if (parsed.text !== undefined) body += `<h2>Text</h2><pre>${escapeHtml(parsed.text)}</pre>`;
    if (parsed.attachments.length > 0) {
      body += `<h2>Attachments</h2><ul>${parsed.attachments.map((a) => `<li>${escapeHtml(a.filename ?? '(unnamed)')} — ${escapeHtml(a.contentType)}, ${a.size} bytes</li>`).join('')}</ul>`;
    }
    body += `<p><a href="/messages/${encodeURIComponent(message.id)}/raw">Source</a></p>`;
  }
  return page(
    message.subject || '(no subject)',
    `<header><h1><a href="/">Herald mail catcher</a></h1><span>${escapeHtml(message.subject || '(no subject)')}</span></header>` +
      `<main><table class="headers">${envelope}${headerRows}</table>${body}</main>`,
  );
}
