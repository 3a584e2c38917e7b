// `npm run bench -- NAME [args]`: runs bench/NAME.bench.ts, whose default export does the measuring.
// Benchmarks print each figure beside a baseline measured in the same run, because the machines are
// shared and absolute times drift.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- NAME, where NAME is one of: ${available.join(', ')}`);
    process.exit(2);
  }
  const bench = (await import(join(__dirname, `${name}.bench.ts`))) as { default: (args: string[]) => Promise<void> };
  await bench.default(args);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
