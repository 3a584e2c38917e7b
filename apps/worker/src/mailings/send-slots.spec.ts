import { describe, expect, it } from 'vitest';
import { SendSlots } from './send-slots';

describe('SendSlots', () => {
  it('lets `size` holders in at once and the next waiting one in as each leaves, in order', async () => {
    const slots = new SendSlots(2);
    const entered: string[] = [];
    const enter = (name: string): Promise<void> => slots.acquire().then(() => void entered.push(name));
    await Promise.all([enter('a'), enter('b')]);
    const c = enter('c');
    const d = enter('d');
    await new Promise((r) => setTimeout(r, 10));
    expect(entered).toEqual(['a', 'b']);
    slots.release();
    await c;
    expect(entered).toEqual(['a', 'b', 'c']);
    slots.release();
    await d;
    expect(entered).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never holds more free slots than its size', async () => {
    const slots = new SendSlots(1);
    slots.release(); // one too many
    await slots.acquire();
    let second = false;
    void slots.acquire().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
  });
});
