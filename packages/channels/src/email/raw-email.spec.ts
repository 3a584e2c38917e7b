import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildRawEmail } from './raw-email';

describe('buildRawEmail', () => {
  it('builds a message that a MIME parser reads back exactly, non-ASCII included', async () => {
    const raw = buildRawEmail({
      from: { name: 'Zoë "Herald" Café', address: 'news@herald.example' },
      to: 'anna@example.test',
      replyTo: 'reply@herald.example',
      subject: 'Hallo Anna — €10 korting op je bestelling',
      html: `<p>Beste Anna,</p><p>${'Lange regel met tekst die over de 76 tekens heen gaat en gevouwen moet worden. '.repeat(3)}</p><p>ëéü ✓</p>`,
      text: 'Beste Anna,\nëéü ✓\n.\n',
      messageId: '<m1.d2@bounces.herald.localhost>',
      headers: { 'List-Unsubscribe': '<https://h.example/t/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Evil': 'a\r\nBcc: x@y' },
    });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Hallo Anna — €10 korting op je bestelling');
    expect(parsed.from?.value[0]).toEqual({ name: 'Zoë "Herald" Café', address: 'news@herald.example' });
    expect(parsed.messageId).toBe('<m1.d2@bounces.herald.localhost>');
    expect(parsed.html).toContain('ëéü ✓');
    expect(parsed.html).toContain('gevouwen moet worden. Lange regel');
    expect(parsed.text).toBe('Beste Anna,\nëéü ✓\n.\n');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.headers.has('bcc')).toBe(false);
    for (const line of raw.toString('utf8').split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
  });
});
