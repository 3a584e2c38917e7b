#!/usr/bin/env node
// `herald-twilio-simulator`: the local stand-in for Twilio that `npm start` runs when no Twilio account is configured.
import { parseArgs } from 'node:util';
import { SMS_INBOUND_PATH } from '@herald/channels';
import { parseConfig, SIMULATED_TWILIO } from '@herald/config';
import { startTwilioSimulator } from './twilio-simulator';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), name: 'twilio-simulator', msg, ...fields })}\n`,
  );
}

const usage = `Usage: herald-twilio-simulator [--port N] [--max-per-second N (0: no limit)] [--no-callbacks]
The port defaults to TWILIO_SIMULATOR_PORT; the credentials are the simulator's (SIMULATED_TWILIO in packages/config).`;

function whole(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"\n${usage}`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'max-per-second': { type: 'string' },
      'no-callbacks': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = parseConfig(process.env);
  const simulator = await startTwilioSimulator({
    ...SIMULATED_TWILIO,
    port: values.port === undefined ? config.TWILIO_SIMULATOR_PORT : whole('--port', values.port),
    callbacks: !values['no-callbacks'],
    // Mostly delivered, with the failures a real send meets, arriving over a few seconds.
    mix: [
      { weight: 90, final: { status: 'delivered' } },
      {
        weight: 5,
        final: { status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' },
      },
      { weight: 3, final: { status: 'failed', errorCode: 30006, errorMessage: 'Landline or unreachable carrier' } },
      { weight: 2, final: { status: 'undelivered', errorCode: 30008, errorMessage: 'Unknown error' } },
    ],
    callbackDelayMs: [500, 4_000],
    maxPerSecond: values['max-per-second'] === undefined ? 100 : whole('--max-per-second', values['max-per-second']),
    seed: Date.now() % 2 ** 31,
    inboundUrl: `${config.PUBLIC_URL.replace(/\/+$/, '')}${SMS_INBOUND_PATH}`,
  });
  log('Twilio simulator listening', { url: simulator.url });
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  // 78 (EX_CONFIG): scripts/supervise.sh does not restart a process whose configuration is wrong.
  process.exit(78);
});
