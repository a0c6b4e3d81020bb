// Prints the README's "Benchmarks" section from bench/results.json (run after `npm run bench`):
//   npx tsx bench/readme-section.ts
// The figures table, the machine and date, and a chart of preparation throughput against the
// two baselines (a Mermaid xychart, which GitHub renders).

import { readFileSync } from 'node:fs';
import { RESULTS_FILE, type BenchResults } from './lib/results';
import type { Figure } from './lib/stats';

const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
const byName = new Map(results.figures.map((f) => [f.name, f]));
const num = (v: number | null): string => (v === null ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: 3 }));

function row(f: Figure): string {
  const range = f.min === null ? 'not measured' : `${num(f.min)} – ${num(f.max)}`;
  return `| \`${f.name}\` | ${num(f.median)} ${f.unit} | ${range} | ${f.runs} |`;
}

const chartNames = ['prepare_100k_patients_per_s', 'raw_bulk_100k_records_per_s', 'naive_100k_records_per_s'] as const;
const chartValues = chartNames.map((n) => byName.get(n)?.median ?? null);

const lines = [
  '## Benchmarks',
  '',
  `\`npm run bench\` (not part of CI; about 30 minutes) builds the app, drives the real engine worker in headless Debian Chromium with on-disk profiles, prints a table and writes [bench/results.json](bench/results.json). Each figure is the median of \`runs\` measurements, min – max beside it; every figure's note in the JSON says exactly how it was measured.`,
  '',
  `Latest: ${results.date.slice(0, 10)} on ${results.machine}.`,
  '',
  '| figure | median | min – max | runs |',
  '| --- | --- | --- | --- |',
  ...results.figures.map(row),
  '',
];
if (chartValues.every((v): v is number => v !== null)) {
  lines.push(
    'Records stored per second, 100,000 patients (the app checks, builds and queues; the baselines only write):',
    '',
    '```mermaid',
    'xychart-beta',
    '  x-axis ["app: prepare", "raw bulk write", "one transaction per record"]',
    '  y-axis "per second"',
    `  bar [${chartValues.map((v) => Math.round(v)).join(', ')}]`,
    '```',
    '',
  );
}
console.log(lines.join('\n'));
