// After the bench files ran: assemble bench/results.json from the figures recorded and print
// the table. A run missing a required figure writes bench/results.tmp/results.partial.json
// instead, so a partial run never replaces the committed results.

import { BENCH } from './env';
import { machineLine, withEndLoad } from './machine';
import { collectedFigures, readMachine, writeResults } from './results';
import { formatNotes, formatTable } from './table';

export default function globalTeardown(): void {
  const started = readMachine();
  if (started === null) {
    console.log('bench: no machine description was recorded; nothing to write.');
    return;
  }
  const machine = withEndLoad(started);
  const figures = collectedFigures();
  const { file, missing } = writeResults({
    machine: machineLine(machine),
    date: new Date().toISOString(),
    details: machine,
    settings: { ...BENCH },
    figures,
  }, process.env['BENCH_MERGE'] === '1');
  console.log(`\n${machineLine(machine)}; load average ${machine.loadAverageAtStart} at the start, ${machine.loadAverageAtEnd ?? '?'} at the end\n`);
  console.log(formatTable(figures));
  console.log(`\n${formatNotes(figures)}\n`);
  console.log(missing.length === 0 ? `bench: wrote ${file}` : `bench: ${missing.length} required figure(s) missing (${missing.join(', ')}): wrote ${file}, bench/results.json left as it was`);
}
