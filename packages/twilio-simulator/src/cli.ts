#!/usr/bin/env node
// `herald-twilio-simulator`: the local stand-in for Twilio that `npm start` runs when no Twilio account is configured.
import { SMS_INBOUND_PATH } from '@herald/channels';
import { parseConfig, SIMULATED_TWILIO } from '@herald/config';
import { startTwilioSimulator } from './twilio-simulator';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), name: 'twilio-simulator', msg, ...fields })}\n`,
  );
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const simulator = await startTwilioSimulator({
    ...SIMULATED_TWILIO,
    port: config.TWILIO_SIMULATOR_PORT,
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
    maxPerSecond: 100,
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
