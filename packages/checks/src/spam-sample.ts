import { DomainError } from '@herald/domain';
import { previewEmailDocument, type EmailDocument, type RenderedEmailMessage } from '@herald/templating';

/**
 * The document as the spam rating reads it: rendered for a sample profile whose fields are empty, its links
 * as written (the tracking host of a send is the sender checks' business). Null when the template does not render (a template error is reported
 * on its own).
 */
export function spamSampleMessage(document: EmailDocument): RenderedEmailMessage | null {
  try {
    const preview = previewEmailDocument(
      document,
      {
        profile: { id: 0, email: 'reader@example.com' },
        subprofile: null,
        destinationId: '0',
        tracking: { baseUrl: 'https://tracking.invalid', secret: 'issue-checker' },
      },
      { trackingEnabled: false },
    );
    return preview.rendered;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
