import { compileEmailDocument } from './compile-email-document';
import type { DocumentLink, EmailDocument } from './email-document';

/** A stored document version's content; columns a channel does not use are null. */
export interface DocumentVersionContent {
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
}

export function toEmailDocument(version: DocumentVersionContent): EmailDocument {
  return {
    fromName: version.fromName,
    fromAddress: version.fromAddress ?? '',
    replyTo: version.replyTo,
    subject: version.subject ?? '',
    html: version.html ?? '',
    text: version.text,
  };
}

/**
 * The tracked links a mailing records when it is queued (sent now or by its schedule), numbered as
 * its messages number them: email's; SMS and fax content has none yet.
 */
export function mailingLinksOf(
  channel: string,
  version: DocumentVersionContent,
  options: { trackingEnabled: boolean },
): DocumentLink[] {
  return channel === 'EMAIL' ? compileEmailDocument(toEmailDocument(version), options).links : [];
}
