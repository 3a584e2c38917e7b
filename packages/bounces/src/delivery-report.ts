import { findBasicCode, findEnhancedStatus, parseEnhancedStatus } from './enhanced-status';
import type { DeliveryAction, DeliveryReport } from './inbound-message';
import { header, parseHeaderBlock, type HeaderMap } from './mime-entity';
import { classifyDiagnostic } from './smtp-reply.classifier';

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
  for (const block of text.split(/\r?\n[ \t]*\r?\n/)) {
    if (perRecipient.length >= MAX_REPORTS_PER_DSN) break;
    if (!block.trim()) continue;
    const fields = parseHeaderBlock(block.replace(/^\s*\r?\n/, ''));
    // Some MTAs leave out the per-message block or the blank line before it: go by the fields.
    if (fields.has('final-recipient') || fields.has('original-recipient') || fields.has('action'))
      perRecipient.push(fields);
    else for (const [name, values] of fields) perMessage.set(name, [...(perMessage.get(name) ?? []), ...values]);
  }
  return { perMessage, perRecipient };
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
}

const GENERIC_STATUS: Record<DeliveryAction, string> = {
  failed: '5.0.0',
  delayed: '4.0.0',
  delivered: '2.0.0',
  relayed: '2.0.0',
  expanded: '2.0.0',
};

/** One report, its status made precise and classified: by Status first, by the diagnostic text after. */
export function buildDeliveryReport(input: ReportInput): DeliveryReport {
  const text = input.diagnosticCode ?? '';
  const basic = findBasicCode(text);
  const fromField = parseEnhancedStatus(/[245]\.\d{1,3}\.\d{1,3}/.exec(input.status ?? '')?.[0]);
  const fromText = findEnhancedStatus(
    text,
    fromField?.class ?? (basic !== undefined ? Math.floor(basic / 100) : undefined),
  );
  let enhanced = fromField ?? fromText;
  // "Status: 5.0.0" with "550 5.1.1 user unknown" in the diagnostic: the diagnostic knows more.
  if (fromField && fromText && fromField.subject === 0 && fromField.detail === 0 && fromText.class === fromField.class)
    enhanced = fromText;
  const action: DeliveryAction =
    input.action ?? (enhanced?.class === 2 ? 'delivered' : enhanced?.class === 4 ? 'delayed' : 'failed');
  const status = enhanced?.code ?? GENERIC_STATUS[action];

  let classification: DeliveryReport['classification'] = null;
  let reason =
    action === 'delivered' ? 'Delivered' : action === 'relayed' ? 'Relayed onward' : 'Expanded to other recipients';
  if (action === 'failed' || action === 'delayed') {
    const classified = classifyDiagnostic({ basic, enhanced, text, fallback: action === 'delayed' ? 'SOFT' : 'HARD' });
    // A delayed message is still being retried: whatever the code says, the address is not dead yet.
    classification = action === 'delayed' && classified.kind === 'HARD' ? 'SOFT' : classified.kind;
    reason = action === 'delayed' ? `Delayed: ${classified.reason}` : classified.reason;
  }
  const report: DeliveryReport = {
    finalRecipient: input.finalRecipient.toLowerCase(),
    action,
    status,
    classification,
    reason,
  };
  if (input.originalRecipient) report.originalRecipient = input.originalRecipient.toLowerCase();
  if (input.diagnosticCode) report.diagnosticCode = input.diagnosticCode;
  if (input.remoteMta) report.remoteMta = input.remoteMta;
  return report;
}

/** The reports of an RFC 3464 delivery-status body; recipients without a usable address are left out. */
export function reportsFromDeliveryStatus(fields: DeliveryStatusFields): DeliveryReport[] {
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
        diagnosticCode: stripAddressType(header(recipient, 'diagnostic-code')),
        remoteMta: stripAddressType(header(recipient, 'remote-mta')),
      }),
    );
  }
  return reports;
}
