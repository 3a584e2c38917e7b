import { findBasicCode, findEnhancedStatus, parseEnhancedStatus } from './enhanced-status';
import type { DeliveryAction, DeliveryReport } from './inbound-message';
import { header, parseHeaderBlock, type HeaderMap } from './mime-entity';
import { classifyDiagnostic } from './smtp-reply.classifier';
import { findSmtpCommand, type SmtpCommand } from './smtp-command';

const ACTIONS: readonly DeliveryAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];
/**
 * Recipient blocks read from one report. Herald sends each message to one recipient; a real MTA's report
 * names a handful. A 2 MB report listing 30,000 took half a second and became 30,000 events.
 */
export const MAX_REPORTS_PER_DSN = 100;

/** The body of a message/delivery-status part: one per-message block, then one block per recipient. */
export interface DeliveryStatusFields {
  perMessage: HeaderMap;
  perRecipient: HeaderMap[];
}

export function parseDeliveryStatus(text: string): DeliveryStatusFields {
  const perMessage: HeaderMap = new Map();
  const perRecipient: HeaderMap[] = [];
  for (const block of recipientBlocks(text)) {
    if (perRecipient.length >= MAX_REPORTS_PER_DSN) break;
    const fields = parseHeaderBlock(block);
    // Some MTAs leave out the per-message block or the blank line before it: go by the fields.
    if (fields.has('final-recipient') || fields.has('original-recipient') || fields.has('action'))
      perRecipient.push(fields);
    else for (const [name, values] of fields) perMessage.set(name, [...(perMessage.get(name) ?? []), ...values]);
  }
  return { perMessage, perRecipient };
}

/**
 * The blocks of a delivery-status body: split at blank lines, and also where a recipient's fields start
 * again without one (a second Final-Recipient or Original-Recipient, or a Reporting-MTA after them).
 */
function recipientBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let hasFinal = false;
  let hasOriginal = false;
  const flush = (): void => {
    if (current.some((line) => line.trim())) blocks.push(current.join('\n'));
    current = [];
    hasFinal = false;
    hasOriginal = false;
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      flush();
      continue;
    }
    const name = /^([\w-]{1,40})\s*:/.exec(line)?.[1]?.toLowerCase();
    if (name === 'final-recipient') {
      if (hasFinal) flush();
      hasFinal = true;
    } else if (name === 'original-recipient') {
      // Postfix writes Final- before Original-Recipient, most MTAs the other way round.
      if (hasOriginal) flush();
      hasOriginal = true;
    } else if (name === 'reporting-mta' && (hasFinal || hasOriginal)) flush();
    current.push(line);
  }
  flush();
  return blocks;
}

/** The first line of a notice that carries a reply code ("550 5.1.1 ..."), never one inside an IP address. */
export function codeLine(text: string): string | undefined {
  const at = /(?<![\d.])[45]\d\d[ \-:]|(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)/.exec(text)?.index;
  if (at === undefined) return undefined;
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return text
    .slice(start, end < 0 ? undefined : end)
    .slice(0, 1000)
    .trim();
}

/** `rfc822; user@example.org` → `user@example.org`; `dns; mx.example.org` → `mx.example.org`. */
export function stripAddressType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const stripped = value
    .replace(/^\s*[\w-]+\s*;\s*/, '')
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  return stripped || undefined;
}

function normaliseAction(value: string | undefined): DeliveryAction | undefined {
  const word = value?.trim().split(/[\s(]/)[0]?.toLowerCase();
  return ACTIONS.find((action) => action === word);
}

interface ReportInput {
  finalRecipient: string;
  originalRecipient?: string;
  action?: DeliveryAction;
  status?: string;
  diagnosticCode?: string;
  remoteMta?: string;
  /** The reporting MTA, when no remote MTA is named. */
  reportingMta?: string;
  /** The SMTP stage, when the notice's words say it and the diagnostic does not. */
  command?: SmtpCommand;
  /** The words of the notice, read when there is no diagnostic. */
  notice?: string;
  /** The Diagnostic-Code's type (`smtp`, `x-unix`). */
  diagnosticType?: string;
  /** PowerMTA's X-PowerMTA-BounceCategory. */
  mtaCategory?: string;
}

const GENERIC_STATUS: Record<DeliveryAction, string> = {
  failed: '5.0.0',
  delayed: '4.0.0',
  delivered: '2.0.0',
  relayed: '2.0.0',
  expanded: '2.0.0',
};

/**
 * One report, classified from all its evidence (docs/rules/bounces.md, "The order of evidence"): the
 * diagnostic's words and code over the Status field, then the action, the SMTP stage and the hosts.
 */
export function buildDeliveryReport(input: ReportInput): DeliveryReport {
  // Without a diagnostic, the notice's first line with a reply code stands in for it.
  const text = input.diagnosticCode ?? (input.notice ? codeLine(input.notice) : undefined) ?? '';
  const basic = findBasicCode(text);
  const fieldStatus = parseEnhancedStatus(
    /(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)/.exec(input.status ?? '')?.[0],
  );
  const basicClass = basic !== undefined ? Math.floor(basic / 100) : undefined;
  const textStatus = findEnhancedStatus(text, basicClass ?? fieldStatus?.class);
  const enhanced = textStatus ?? fieldStatus;
  const action: DeliveryAction =
    input.action ??
    (enhanced?.class === 2 ? 'delivered' : (enhanced?.class ?? basicClass) === 4 ? 'delayed' : 'failed');
  const status = enhanced?.code ?? GENERIC_STATUS[action];

  let classification: DeliveryReport['classification'] = null;
  let bounceReason: DeliveryReport['bounceReason'] = 'delivered';
  let reason =
    action === 'delivered' ? 'Delivered' : action === 'relayed' ? 'Relayed onward' : 'Expanded to other recipients';
  if (action === 'failed' || action === 'delayed') {
    // The notice's prose is a weaker witness than a precise Status field: it is read only in want of both.
    const genericStatus = !enhanced || (enhanced.subject === 0 && enhanced.detail === 0);
    const classified = classifyDiagnostic({
      text: input.diagnosticCode ?? (genericStatus ? (input.notice ?? '') : text),
      basic,
      textStatus,
      fieldStatus,
      action,
      diagnosticType: input.diagnosticType,
      mtaCategory: input.mtaCategory,
      command: findSmtpCommand(text) ?? input.command,
      host: input.remoteMta ?? input.reportingMta,
      domain: input.finalRecipient.split('@')[1],
    });
    classification = classified.kind;
    bounceReason = classified.bounceReason === 'delivered' ? 'undefined' : classified.bounceReason;
    reason = action === 'delayed' ? `Delayed: ${classified.reason}` : classified.reason;
  }
  const report: DeliveryReport = {
    finalRecipient: input.finalRecipient.toLowerCase(),
    action,
    status,
    classification,
    bounceReason,
    reason,
  };
  if (input.originalRecipient) report.originalRecipient = input.originalRecipient.toLowerCase();
  if (input.diagnosticCode) report.diagnosticCode = input.diagnosticCode;
  if (input.remoteMta) report.remoteMta = input.remoteMta;
  return report;
}

/**
 * Amazon SES wraps the receiving server's reply in its own code: "5.1.0 - Unknown address error
 * 550-'5.7.1 ... Access denied' (delivery attempts: 0)". The reply inside is the evidence.
 */
function unwrapProvider(diagnostic: string | undefined): string | undefined {
  const inner =
    diagnostic && /^\s*[245]\.\d{1,3}\.\d{1,3} - [^']{0,80}?([245]\d\d)[ -]'([^']{1,2000})'/.exec(diagnostic);
  return inner ? `${inner[1]} ${inner[2]}` : diagnostic;
}

/** The reports of an RFC 3464 delivery-status body; recipients without a usable address are left out. */
export function reportsFromDeliveryStatus(
  fields: DeliveryStatusFields,
  context: { command?: SmtpCommand; notice?: string } = {},
): DeliveryReport[] {
  const reportingMta = stripAddressType(header(fields.perMessage, 'reporting-mta'));
  const reports: DeliveryReport[] = [];
  for (const recipient of fields.perRecipient) {
    const finalRecipient =
      stripAddressType(header(recipient, 'final-recipient')) ??
      stripAddressType(header(recipient, 'original-recipient'));
    if (!finalRecipient) continue;
    reports.push(
      buildDeliveryReport({
        finalRecipient,
        originalRecipient: stripAddressType(header(recipient, 'original-recipient')),
        action: normaliseAction(header(recipient, 'action')),
        status: header(recipient, 'status'),
        diagnosticCode: unwrapProvider(stripAddressType(header(recipient, 'diagnostic-code'))),
        mtaCategory: header(recipient, 'x-powermta-bouncecategory'),
        diagnosticType: /^\s*([\w-]{1,20})\s*;/.exec(header(recipient, 'diagnostic-code') ?? '')?.[1],
        remoteMta: stripAddressType(header(recipient, 'remote-mta')),
        reportingMta,
        command: context.command,
        notice: context.notice,
      }),
    );
  }
  return reports;
}
