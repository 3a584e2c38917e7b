#!/usr/bin/env node
// `herald-twilio-simulator`: the local stand-ins for Twilio and for a fax API that `npm start` runs when none is configured.
import { parseArgs } from 'node:util';
import { SMS_INBOUND_PATH } from '@herald/channels';
import { parseConfig, SIMULATED_FAX, SIMULATED_TWILIO } from '@herald/config';
import { FAX_FATES, startFaxSimulator, type SimulatedFaxFate } from './fax-simulator';
import { startTwilioSimulator } from './twilio-simulator';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), name: 'twilio-simulator', msg, ...fields })}\n`,
  );
}

const usage = `Usage: herald-twilio-simulator [--port N] [--max-per-second N (0: no limit)] [--no-callbacks] [--no-sms] [--no-fax] [--fax-port N]
Twilio's REST API on --port (TWILIO_SIMULATOR_PORT) and a fax API in Phaxio's shape on --fax-port
(FAX_SIMULATOR_PORT); the credentials are the simulators' (SIMULATED_TWILIO, SIMULATED_FAX in packages/config).`;

function whole(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"\n${usage}`);
  return Number(value);
}

/** A demo's faxes: a number ending in 7 is busy, in 8 does not answer, in 9 is no fax machine; the rest arrive. */
function demoFaxFate(number: string): SimulatedFaxFate {
  switch (number.at(-1)) {
    case '7':
      return FAX_FATES.busy;
    case '8':
      return FAX_FATES.noAnswer;
    case '9':
      return FAX_FATES.notAFax;
    default:
      return FAX_FATES.delivered;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'max-per-second': { type: 'string' },
      'no-callbacks': { type: 'boolean' },
      'no-sms': { type: 'boolean' },
      'no-fax': { type: 'boolean' },
      'fax-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = parseConfig(process.env);
  const closing: Array<() => Promise<void>> = [];
  if (!values['no-sms']) {
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
    closing.push(() => simulator.close());
    log('Twilio simulator listening', { url: simulator.url });
  }
  if (!values['no-fax']) {
    const fax = await startFaxSimulator({
      ...SIMULATED_FAX,
      port: values['fax-port'] === undefined ? config.FAX_SIMULATOR_PORT : whole('--fax-port', values['fax-port']),
      fateOf: demoFaxFate,
      callbackDelayMs: 2_000,
    });
    closing.push(() => fax.close());
    log('fax simulator listening', { url: fax.url });
  }
  const stop = (): void => {
    void Promise.all(closing.map((close) => close())).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  // 78 (EX_CONFIG): scripts/supervise.sh does not restart a process whose configuration is wrong.
  process.exit(78);
});
