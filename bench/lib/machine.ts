// The machine a run measured: CPU model and count, memory, OS, Chromium and Node versions, the
// app's commit (and whether its sources had uncommitted changes), and the load average at the
// start and end (other work on the machine shows up there; nothing else here controls for it).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cpuCount: number;
  /** Total memory, GiB. */
  readonly memoryGiB: number;
  readonly os: string;
  readonly chromium: string;
  readonly node: string;
  /** Short commit of the measured app; "+changes" when src/ differed from it. */
  readonly appCommit: string;
  /** 1-minute load averages when the run started and ended. */
  readonly loadAverageAtStart: number;
  readonly loadAverageAtEnd: number | null;
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
    return `${pretty ?? 'Linux'} (kernel ${release()})`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

function appCommit(repoDir: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts', 'package.json'], { cwd: repoDir, encoding: 'utf8' }).trim();
    return changed === '' ? commit : `${commit}+changes`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function describeMachine(chromium: string, repoDir: string): MachineDescription {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    chromium,
    node: process.version,
    appCommit: appCommit(repoDir),
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    loadAverageAtEnd: null,
  };
}

export function withEndLoad(machine: MachineDescription): MachineDescription {
  return { ...machine, loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
}

/** One line for results.json's "machine" and the README. */
export function machineLine(m: MachineDescription): string {
  return `${m.cpuCount} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, headless Chromium ${m.chromium}, Node ${m.node}, app ${m.appCommit}`;
}
