// Run: cd /work/main && npx vitest bench --run packages/templating
// No timing assertions anywhere: this only prints. newsletter.fixture.ts is ~18 KB with 21 links.
// Measured on the shared 2-vCPU development VM (Node 20), with other test runs competing:
//   renderEmailMessage, tracking on   ≈ 0.3-0.9 ms per message (about half is the ~24 HMAC-SHA256 signatures)
//   renderEmailMessage, tracking off  ≈ 0.1-0.35 ms per message
//   compileEmailDocument              ≈ 90-350 ms, once per mailing (juice + parse5 + html-to-text)
// For comparison on the same VM, nodemailer alone building one ~19 KB message (streamTransport,
// no network) took ≈ 2.2 ms, so rendering is not what limits a send loop.
import { bench, describe } from 'vitest';
import { compileEmailDocument } from './compile-email-document';
import { messageContext, newsletterDocument } from './newsletter.fixture';
import { renderEmailMessage } from './render-email-message';

const document = newsletterDocument();
const tracked = compileEmailDocument(document, { trackingEnabled: true }).compiled;
const untracked = compileEmailDocument(document, { trackingEnabled: false }).compiled;
// Without its `default` filters the newsletter is only substitution: it renders through a substitution plan.
const substitutionOnly = compileEmailDocument(
  { ...document, fromName: 'Example Newsletter', html: document.html.replace(' | default: "your city"', '') },
  { trackingEnabled: true },
).compiled;
let destination = 0;
const nextContext = () => {
  destination++;
  return messageContext({
    destinationId: String(1_000_000 + destination),
    profile: {
      id: destination,
      email: `p${destination}@example.com`,
      firstname: 'Ann',
      lastname: 'Jansen',
      city: 'Utrecht',
    },
  });
};

describe(`newsletter of ${document.html.length} characters`, () => {
  bench('renderEmailMessage, tracking on', () => {
    renderEmailMessage(tracked, nextContext());
  });
  bench('renderEmailMessage, tracking on, substitution plan', () => {
    renderEmailMessage(substitutionOnly, nextContext());
  });
  bench('renderEmailMessage, tracking off', () => {
    renderEmailMessage(untracked, nextContext());
  });
  bench(
    'compileEmailDocument (once per mailing)',
    () => {
      compileEmailDocument(document, { trackingEnabled: true });
    },
    { iterations: 5 },
  );
});
