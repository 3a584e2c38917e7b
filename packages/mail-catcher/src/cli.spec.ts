import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';

const root = resolve(__dirname, '../../..');

describe('herald-mail-catcher CLI', () => {
  it('logs one JSON line with both URLs, receives mail, and stops on SIGTERM', async () => {
    const cli = spawn(resolve(root, 'node_modules/.bin/tsx'), [resolve(__dirname, 'cli.ts')], {
      cwd: root,
      env: { ...process.env, MAILCATCHER_SMTP_PORT: '0', MAILCATCHER_HTTP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: cli.stdout! });
      const [first] = (await once(lines, 'line')) as [string];
      const started = JSON.parse(first) as { msg: string; smtp: string; http: string };
      expect(started.msg).toBe('mail catcher started');
      expect(started.smtp).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(started.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const client = createTransport({ host: '127.0.0.1', port: Number(new URL(started.smtp).port), ignoreTLS: true });
      await client.sendMail({ from: 'a@herald.example', to: 'b@example.test', subject: 'Via the CLI', text: 'hi' });
      client.close();
      const list = (await (await fetch(`${started.http}/api/messages`)).json()) as { subject: string }[];
      expect(list.map((m) => m.subject)).toEqual(['Via the CLI']);

      const exited = once(cli, 'exit');
      cli.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });
});
