// The table printed at the end of a run: one row per figure, median with min–max and runs.

import type { Figure } from './stats';

function cell(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: 3 });
}

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [f.name, cell(f.median), f.min === null ? '—' : `${cell(f.min)} – ${cell(f.max)}`, String(f.runs), f.unit]);
  const header = ['figure', 'median', 'min – max', 'runs', 'unit'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The notes, one per figure, printed under the table. */
export function formatNotes(figures: readonly Figure[]): string {
  return figures.map((f) => `- ${f.name}: ${f.note}`).join('\n');
}
