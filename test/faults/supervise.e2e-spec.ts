import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sleep } from './fault-harness';

const SUPERVISE = join(__dirname, '../../scripts/supervise.sh');

interface Supervised {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

function supervise(env: Record<string, string>, ...command: string[]): Supervised {
  const child = spawn('bash', [SUPERVISE, 'crasher', ...command], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

const lines = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check();) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('supervision: scripts/supervise.sh restarts what crashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-supervise-'));
  const running: Supervised[] = [];
  afterEach(() => {
    for (const s of running.splice(0)) s.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts a command that crashes, with a growing delay and a log line each time, and stops on SIGTERM', async () => {
    const starts = join(dir, 'crash-starts');
    const s = supervise(
      { SUPERVISE_MIN_DELAY: '1', SUPERVISE_MAX_DELAY: '2' },
      'bash',
      '-c',
      `date +%s%N >> ${starts}; exit 3`,
    );
    running.push(s);
    await until(() => lines(starts).length >= 4, 15_000);
    const gapsMs = lines(starts)
      .slice(0, 4)
      .map(Number)
      .map((t, i, all) => (i === 0 ? 0 : (t - all[i - 1]!) / 1e6))
      .slice(1);
    // 1 s, then 2 s, then capped at 2 s.
    expect(gapsMs[0]).toBeGreaterThanOrEqual(900);
    expect(gapsMs[1]).toBeGreaterThanOrEqual(1_900);
    expect(gapsMs[2]).toBeLessThan(3_000);
    expect(s.stderr()).toContain('supervise: crasher exited with code 3; restarting in 1s');
    expect(s.stderr()).toContain('supervise: crasher exited with code 3; restarting in 2s');

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const count = lines(starts).length;
    await sleep(2_500);
    expect(lines(starts).length).toBe(count);
  }, 30_000);

  it('passes SIGTERM to a running command (so the worker can release its jobs) and exits once it has ended', async () => {
    const marks = join(dir, 'term-marks');
    const script = `echo started >> ${marks}; trap 'echo terminated >> ${marks}; exit 0' TERM; while :; do sleep 0.1; done`;
    const s = supervise({}, 'bash', '-c', script);
    running.push(s);
    await until(() => lines(marks).includes('started'), 10_000);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(lines(marks)).toEqual(['started', 'terminated']);
  }, 20_000);

  it('does not restart a command that reports an invalid configuration (exit 78)', async () => {
    const starts = join(dir, 'config-starts');
    const s = supervise({}, 'bash', '-c', `echo x >> ${starts}; exit 78`);
    running.push(s);
    expect(await s.exited).toBe(78);
    expect(lines(starts)).toHaveLength(1);
    expect(s.stderr()).toContain('not restarting');
  }, 20_000);
});
