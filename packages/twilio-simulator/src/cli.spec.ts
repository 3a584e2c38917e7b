import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { SIMULATED_FAX } from '@herald/config';

const root = resolve(__dirname, '../../..');
const env = {
  PATH: process.env['PATH'] ?? '',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/herald',
  JWT_SECRET: 'x'.repeat(32),
  TRACKING_SECRET: 'y'.repeat(32),
  SECRETS_KEY: 'z'.repeat(32),
};

/** Starts the CLI with `args` and reads its first `lines` log lines. */
async function startCli(args: string[], lines: number) {
  const cli = spawn(resolve(root, 'node_modules/.bin/tsx'), [resolve(__dirname, 'cli.ts'), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reader = createInterface({ input: cli.stdout! });
  const logged: Array<{ msg: string; url: string }> = [];
  for await (const line of reader) {
    logged.push(JSON.parse(line) as { msg: string; url: string });
    if (logged.length === lines) break;
  }
  return { cli, logged };
}

async function stop(cli: ReturnType<typeof spawn>): Promise<number | null> {
  const exited = once(cli, 'exit');
  cli.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

describe('herald-twilio-simulator CLI', () => {
  it('runs the Twilio and the fax API simulators, takes a fax with the simulated credentials, and stops on SIGTERM', async () => {
    const { cli, logged } = await startCli(['--port', '0', '--fax-port', '0'], 2);
    try {
      expect(logged.map((l) => l.msg)).toEqual(['Twilio simulator listening', 'fax simulator listening']);
      const faxUrl = logged[1]!.url;
      expect(faxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const pdf = await PDFDocument.create();
      pdf.addPage();
      const form = new FormData();
      form.set('to', '+31201234560');
      form.set('callback_url', 'http://127.0.0.1:9/fax/status');
      form.set('file', new Blob([await pdf.save()], { type: 'application/pdf' }), 'fax.pdf');
      const send = (auth: string) =>
        fetch(`${faxUrl}/v2/faxes`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
          body: form,
        });
      expect((await send('someone:else')).status).toBe(401);
      const accepted = await send(`${SIMULATED_FAX.apiKey}:${SIMULATED_FAX.apiSecret}`);
      expect(accepted.status).toBe(200);
      expect(((await accepted.json()) as { success: boolean }).success).toBe(true);
      expect(await stop(cli)).toBe(0);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });

  it('runs the fax API simulator alone with --no-sms', async () => {
    const { cli, logged } = await startCli(['--no-sms', '--fax-port', '0'], 1);
    try {
      expect(logged.map((l) => l.msg)).toEqual(['fax simulator listening']);
      expect(await stop(cli)).toBe(0);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });
});
