// Import: bring the practice's own data (a FHIR R4 extract) in place of the demo or an earlier
// import, see how the last import went line by line, download the practice data in the same
// format, or delete it from this browser. The presentational parts are in src/ui/import/.

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { EngineError } from '../../shared/errors';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProblemSummary } from '../components/ProblemSummary';
import { downloadBlob } from '../download';
import { useEngineBridge } from '../engine/EngineContext';
import type { PickedFile } from '../import/collectFiles';
import { ImportFilePicker } from '../import/ImportFilePicker';
import { ImportProgressView } from '../import/ImportProgressView';
import { ImportReportTable } from '../import/ImportReportTable';
import { ImportSummaryView } from '../import/ImportSummaryView';
import { useEngineStatus, useLatestRun, usePractice } from '../queries/hooks';
import { screenHref } from '../navigation';

const REPORT_PAGE = 50;
// Under ['engine', 'practice']: the engine's practice-changed event at the end of an import
// refreshes them with the practice.
const importKeys = {
  latest: ['engine', 'practice', 'import-latest'] as const,
  report: (offset: number) => ['engine', 'practice', 'import-report', offset] as const,
};

type Pending = { kind: 'replace'; files: readonly PickedFile[] } | { kind: 'delete' } | null;

export function ImportScreen() {
  const bridge = useEngineBridge();
  const status = useEngineStatus();
  const practice = usePractice();
  const latestRun = useLatestRun();
  const [offset, setOffset] = useState(0);
  const [pending, setPending] = useState<Pending>(null);
  const [refusal, setRefusal] = useState<EngineError | null>(null);
  const latest = useQuery({ queryKey: importKeys.latest, queryFn: () => bridge.call((api) => api.latestImport()) });
  const report = useQuery({ queryKey: importKeys.report(offset), queryFn: () => bridge.call((api) => api.importReport(offset, REPORT_PAGE)) });

  const job = status.data?.job;
  const here = status.data?.runsHere ?? false;
  const run = latestRun.data ?? null;
  const unfinishedRun = run !== null && run.control !== 'completed' && run.control !== 'discarded';
  const busy = job !== undefined && job.phase !== 'idle' && job.phase !== 'failed';
  const why = unfinishedRun ? 'An upload run is unfinished: resume or finish it before replacing the practice data.' : busy ? 'Another job is running.' : null;

  const start = useMutation({
    mutationFn: (files: readonly PickedFile[]) => bridge.call((api) => api.startImport(files.map((f) => ({ name: f.name, blob: f.file })))),
    onSuccess: (result) => {
      setRefusal(result.ok ? null : result.error);
      setOffset(0);
    },
  });
  const remove = useMutation({
    mutationFn: () => bridge.call((api) => api.deletePracticeData()),
    onSuccess: (result) => setRefusal(result.ok ? null : result.error),
  });
  const exportFiles = useMutation({
    // As long as it takes: the bridge replaces only a dead engine, never a busy one.
    mutationFn: () => bridge.call((api) => api.exportPractice(), Number.POSITIVE_INFINITY),
    onSuccess: (files) => {
      for (const f of files) downloadBlob(f.name, f.blob);
    },
  });
  const csv = useMutation({
    mutationFn: () => bridge.call((api) => api.importReportCsv()),
    onSuccess: (blob) => downloadBlob('import-report.csv', blob),
  });

  const onFiles = (files: readonly PickedFile[]) => {
    // Replacing data that a run has used asks first; the log and the runs' statistics stay.
    if (practice.data && run !== null) setPending({ kind: 'replace', files });
    else start.mutate(files);
  };
  const onConfirm = () => {
    if (pending?.kind === 'replace') start.mutate(pending.files);
    if (pending?.kind === 'delete') remove.mutate();
    setPending(null);
  };

  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">Import a practice extract</h1>
      <p className="nhsuk-body">
        Import the practice's patients from a FHIR R4 extract: NDJSON files, one per resource type, as a bulk-data export writes them, or one FHIR
        Bundle file. The files are read in this browser; nothing is sent anywhere. The previous practice data stays in use until the new data is
        complete.
      </p>
      <p className="nhsuk-body">
        <a href={screenHref('help')}>The practice extract format</a>: which files, and what the app reads from each resource.
      </p>
      {refusal && <ProblemSummary title="That could not be done" message={refusal.message} />}
      {job?.phase === 'importing' ? (
        <ImportProgressView progress={job.progress} onCancel={here ? () => void bridge.call((api) => api.cancel()) : null} />
      ) : (
        <ImportFilePicker onFiles={onFiles} refusal={why} />
      )}
      {job?.phase === 'deleting-practice' && <p className="nhsuk-body" role="status">Deleting the practice data…</p>}
      {latest.data && <ImportSummaryView latest={latest.data} />}
      {report.data && <ImportReportTable page={report.data} offset={offset} pageSize={REPORT_PAGE} onPage={setOffset} onDownload={() => csv.mutate()} />}

      <h2 className="nhsuk-heading-m">The practice data in this browser</h2>
      <p className="nhsuk-body">Download it in the import format (for example to try an import with the demo practice), or delete every patient's data from this browser. Deleting keeps the log and the runs' statistics.</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!practice.data || exportFiles.isPending} onClick={() => exportFiles.mutate()}>
        {exportFiles.isPending ? 'Preparing the files…' : 'Download the practice data (NDJSON)'}
      </button>{' '}
      <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={!practice.data || unfinishedRun || busy} onClick={() => setPending({ kind: 'delete' })}>
        Delete practice data
      </button>
      {pending && (
        <ConfirmDialog
          open
          title={pending.kind === 'replace' ? 'Replace the practice data' : 'Delete the practice data'}
          message={
            pending.kind === 'replace'
              ? 'The upload has already used the current practice data. The import replaces it; the log and the statistics of earlier runs are kept. Do you wish to proceed?'
              : "This removes every patient's data from this browser: the patients, their messages and the outcome of every check. The log and the runs' statistics are kept. Do you wish to proceed?"
          }
          confirmLabel={pending.kind === 'replace' ? 'Yes, import' : 'Yes, delete'}
          onConfirm={onConfirm}
          onCancel={() => setPending(null)}
        />
      )}
    </section>
  );
}
