import type { EmailDocument, MessageContext } from './email-document';

/** A typical newsletter: about 20 KB of table layout (18 articles), a style sheet, 20 links and some personalisation. */
export function newsletterDocument(): EmailDocument {
  const articles = Array.from(
    { length: 18 },
    (_, i) => `
      <tr>
        <td class="article">
          <h2>Article ${i + 1}: what is new this month</h2>
          <img src="https://cdn.example.com/images/article-${i + 1}.jpg" width="560" alt="Article ${i + 1}">
          <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore
          magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo
          consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla.</p>
          <p>Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.
          Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium.</p>
          <p><a class="button" href="https://www.example.com/articles/${i + 1}?utm_source=newsletter&amp;utm_medium=email">Read more</a></p>
        </td>
      </tr>`,
  ).join('');
  return {
    fromName: '{{ profile.company | default: "Example" }} Newsletter',
    fromAddress: 'news@example.com',
    subject: '{{ profile.firstname }}, your news for this month',
    html: `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Newsletter</title>
  <style>
    body { margin: 0; padding: 0; background: #f4f4f4; font-family: Arial, sans-serif; }
    .container { width: 600px; margin: 0 auto; background: #ffffff; }
    .article { padding: 20px; border-bottom: 1px solid #eeeeee; }
    h2 { font-size: 20px; color: #333333; }
    p { font-size: 14px; line-height: 20px; color: #555555; }
    .button { display: inline-block; padding: 10px 16px; background: #0066cc; color: #ffffff; text-decoration: none; }
    .footer { font-size: 12px; color: #999999; padding: 20px; }
  </style>
</head>
<body>
  <table class="container" cellpadding="0" cellspacing="0">
    <tr><td><a href="{{ webversion }}">View this email in your browser</a></td></tr>
    <tr><td><h1>Hello {{ profile.firstname }} {{ profile.lastname }}</h1>
      <p>Here is what happened in {{ profile.city | default: "your city" }} this month.</p>
      <p><a href="https://www.example.com/account/{{ profile.id }}">Your account</a></p></td></tr>
    ${articles}
    <tr><td class="footer">
      <p>You receive this mail as {{ profile.email }}.</p>
      <p><a href="https://www.example.com/privacy">Privacy</a> | <a href="{{ unsubscribe }}">Unsubscribe</a></p>
    </td></tr>
  </table>
</body>
</html>`,
  };
}

/** A small document whose parts can be swapped per test. */
export function emailDocument(overrides: Partial<EmailDocument> = {}): EmailDocument {
  return {
    fromName: 'Herald',
    fromAddress: 'news@example.com',
    subject: 'Hello',
    html: '<html><body><p>Hello</p></body></html>',
    ...overrides,
  };
}

export const TRACKING = { baseUrl: 'https://t.example.com', secret: 'test-secret-of-enough-length' } as const;

export function messageContext(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    profile: { id: 42, email: 'ann@example.org', firstname: 'Ann', city: 'Utrecht' },
    subprofile: null,
    destinationId: '9001',
    tracking: TRACKING,
    ...overrides,
  };
}
