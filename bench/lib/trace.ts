// A run's raw timings, kept when BENCH_TRACE_DIR names a folder: for studying pacing offline
// (when each request was handed to fetch and stamped by the gateway) without running the
// ten-minute benchmark again for every question. bench/replay-pacing.ts replays one, or turns it
// into a recording for test/fixtures/pacing-paths/.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeTrace(label: string, data: unknown): void {
  const dir = process.env.BENCH_TRACE_DIR;
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(data));
  console.log(`trace written to ${file}`);
}
