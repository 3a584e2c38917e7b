import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, type Transporter } from 'nodemailer';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { escapeHtml } from './web-ui';

let catcher: MailCatcher | undefined;
let client: Transporter | undefined;

async function catcherWithUi(): Promise<{ catcher: MailCatcher; base: string; client: Transporter }> {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, keep: 'all' });
  client = createTransport({ host: '127.0.0.1', port: catcher.smtpPort, ignoreTLS: true });
  return { catcher, base: `http://127.0.0.1:${catcher.httpPort}`, client };
}

afterEach(async () => {
  client?.close();
  await catcher?.close();
  catcher = undefined;
});

const XSS = '<script>alert("x")</script>';

describe('web UI and JSON API', () => {
  it('lists messages newest first, with a link to each', async () => {
    const { base, client } = await catcherWithUi();
    await client.sendMail({ from: 'Shop <shop@herald.example>', to: 'a@example.test', subject: 'First', text: 'one' });
    await client.sendMail({ from: 'Shop <shop@herald.example>', to: 'b@example.test', subject: 'Second', text: 'two' });
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('2 messages to 2 recipients');
    expect(html).toContain('<a href="/messages/1">First</a>');
    expect(html).toContain('Shop &#60;shop@herald.example&#62;');
    expect(html.indexOf('Second')).toBeLessThan(html.indexOf('First'));
  });

  it('escapes mail content on the list and the message page, and sandboxes the HTML part', async () => {
    const { base, client } = await catcherWithUi();
    await client.sendMail({
      from: 'x@herald.example',
      to: 'a@example.test',
      subject: XSS,
      html: `<p>Hi</p>${XSS}<img src=x onerror="alert(1)">`,
      text: `text ${XSS}`,
    });

    const list = await (await fetch(`${base}/`)).text();
    expect(list).not.toContain('<script>');
    expect(list).toContain(escapeHtml(XSS));

    const res = await fetch(`${base}/messages/1`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    const iframe = /<iframe sandbox="([^"]*)" srcdoc="([^"]*)"><\/iframe>/.exec(page);
    expect(iframe?.[1]).not.toContain('allow-scripts');
    expect(iframe?.[1]).not.toContain('allow-same-origin');
    // What the browser puts in the frame once it has unescaped the attribute.
    const srcdoc = iframe![2]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(srcdoc).toContain('<p>Hi</p>');
    expect(page).toContain(`<pre>text ${escapeHtml(XSS)}</pre>`);
  });

  it('serves the messages as JSON, one with its parsed body, and clears them on DELETE', async () => {
    const { catcher, base, client } = await catcherWithUi();
    await client.sendMail({
      from: 'x@herald.example',
      to: 'a@example.test',
      subject: 'Json',
      html: '<b>bold</b>',
      text: 'plain',
    });
    const list = (await (await fetch(`${base}/api/messages`)).json()) as {
      id: string;
      subject: string;
      envelope: { to: string[] };
      receivedAt: string;
    }[];
    expect(list).toMatchObject([
      { id: '1', subject: 'Json', envelope: { from: 'x@herald.example', to: ['a@example.test'] } },
    ]);
    expect(Number.isNaN(Date.parse(list[0]!.receivedAt))).toBe(false);

    const one = (await (await fetch(`${base}/api/messages/1`)).json()) as { html: string; text: string };
    expect(one.html).toBe('<b>bold</b>');
    expect(one.text.trim()).toBe('plain');
    expect((await fetch(`${base}/api/messages/99`)).status).toBe(404);

    expect((await fetch(`${base}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(catcher.messages()).toEqual([]);
    expect(await (await fetch(`${base}/api/messages`)).json()).toEqual([]);
  });

  it('close() frees the HTTP port as well', async () => {
    const { catcher: first } = await catcherWithUi();
    const port = first.httpPort!;
    await fetch(`http://127.0.0.1:${port}/`);
    await first.close();
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: port });
    expect(catcher.httpPort).toBe(port);
  });
});
