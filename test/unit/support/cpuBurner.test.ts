// The CPU burner the busy-PC browser test and benchmark use: it really keeps the cores busy, and
// stopping it ends its process (nothing left spinning after a test). Waits on conditions only.

import { describe, expect, it } from 'vitest';
import { startCpuBurner } from '../../support/cpuBurner';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('cpuBurner', () => {
  it('spins until stopped, then its process is gone', async () => {
    const burner = await startCpuBurner(1);
    try {
      expect(alive(burner.pid)).toBe(true);
      // CPU time accrues: the thread spins (a quarter of a CPU second, however long that takes here).
      await until(() => (burner.cpuSeconds() ?? 0) >= 0.25);
    } finally {
      await burner.stop();
    }
    expect(alive(burner.pid)).toBe(false);
    await burner.stop();
  });

  it('refuses a thread count that makes no sense', async () => {
    await expect(startCpuBurner(0)).rejects.toThrow(RangeError);
    await expect(startCpuBurner(1.5)).rejects.toThrow(RangeError);
  });
});
