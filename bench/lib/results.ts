// Collects figures across the bench files (each test writes its figures to bench/results.tmp/
// as soon as it has them, so one failing area does not lose the others) and assembles
// bench/results.json at the end of the run.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './stats';
import type { MachineDescription } from './machine';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const TMP_DIR = join(BENCH_DIR, 'results.tmp');
export const RESULTS_FILE = join(BENCH_DIR, 'results.json');
/** Written instead of results.json when a required figure is missing (a partial or failed run). */
export const PARTIAL_RESULTS_FILE = join(TMP_DIR, 'results.partial.json');
const MACHINE_FILE = join(TMP_DIR, 'machine.json');

/** The figures the issue asks for, in the order the table prints them first. */
export const REQUIRED_FIGURES = [
  'prepare_10k_patients_per_s',
  'prepare_100k_seconds',
  'prepare_100k_ratio_to_raw_bulk',
  'prepare_100k_ratio_to_naive',
  'ui_longest_task_ms',
  'ui_tasks_over_50ms',
  'worker_memory_mb_10k',
  'worker_memory_mb_100k',
  'send_sustained_ratio_to_limit',
  'send_uncapped_per_s',
  'import_100k_seconds',
  'import_100k_peak_memory_mb',
  'demo_load_100k_seconds',
  'resume_ms',
] as const;

export interface BenchResults {
  readonly machine: string;
  readonly date: string;
  readonly details: MachineDescription;
  readonly settings: Readonly<Record<string, number | boolean>>;
  readonly figures: readonly Figure[];
}

export function resetCollected(): void {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
}

export function recordFigures(figures: readonly Figure[]): void {
  mkdirSync(TMP_DIR, { recursive: true });
  for (const f of figures) writeFileSync(join(TMP_DIR, `figure.${f.name}.json`), JSON.stringify(f, null, 2));
}

export function recordMachine(machine: MachineDescription): void {
  mkdirSync(TMP_DIR, { recursive: true });
  writeFileSync(MACHINE_FILE, JSON.stringify(machine, null, 2));
}

export function readMachine(): MachineDescription | null {
  try {
    return JSON.parse(readFileSync(MACHINE_FILE, 'utf8')) as MachineDescription;
  } catch {
    return null;
  }
}

/** Figures recorded this run: the required ones in their order, then the others by name. */
export function collectedFigures(): Figure[] {
  let names: string[];
  try {
    names = readdirSync(TMP_DIR).filter((n) => n.startsWith('figure.') && n.endsWith('.json'));
  } catch {
    return [];
  }
  const figures = names.map((n) => JSON.parse(readFileSync(join(TMP_DIR, n), 'utf8')) as Figure);
  const rank = (f: Figure): number => {
    const i = (REQUIRED_FIGURES as readonly string[]).indexOf(f.name);
    return i === -1 ? REQUIRED_FIGURES.length : i;
  };
  return figures.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** A later run that measured some figures again (BENCH_MERGE=1), recorded in results.json. */
export interface BenchUpdate {
  readonly date: string;
  readonly machine: string;
  readonly figures: readonly string[];
}

/**
 * Writes the results; returns the file written (the partial file when a required figure is
 * missing). With `merge` (BENCH_MERGE=1) a partial run instead replaces its figures in the
 * existing results.json and lists them under `updates`, so one area can be measured again
 * without running everything.
 */
export function writeResults(results: BenchResults, merge = false): { file: string; missing: string[] } {
  const present = new Set(results.figures.map((f) => f.name));
  const missing = REQUIRED_FIGURES.filter((n) => !present.has(n));
  if (missing.length > 0 && merge) {
    const base = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults & { updates?: BenchUpdate[] };
    const figures = base.figures.map((f) => results.figures.find((g) => g.name === f.name) ?? f);
    for (const f of results.figures) if (!figures.some((g) => g.name === f.name)) figures.push(f);
    const update: BenchUpdate = { date: results.date, machine: results.machine, figures: results.figures.map((f) => f.name) };
    writeFileSync(RESULTS_FILE, JSON.stringify({ ...base, figures, updates: [...(base.updates ?? []), update] }, null, 2) + '\n');
    return { file: RESULTS_FILE, missing: [] };
  }
  const file = missing.length === 0 ? RESULTS_FILE : PARTIAL_RESULTS_FILE;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return { file, missing };
}
