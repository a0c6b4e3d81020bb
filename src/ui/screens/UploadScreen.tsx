// The upload: Run, Resume, Rerun and Failed with the original's confirmations, the progress of a
// run, and each situation with its own panel — Already Run to Completion, Partially Completed,
// completion with statistics.

import { useState } from 'react';
import { isUnfinished, type RunKind, type RunRecord } from '../../domain/model/runs';
import type { EngineError } from '../../shared/errors';
import { runProgress } from '../../shared/runProgress';
import { localToday } from '../../domain/localDate';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProblemSummary } from '../components/ProblemSummary';
import { ProgressBar } from '../components/ProgressBar';
import { RunStatistics } from '../components/RunStatistics';
import { formatCount, formatCountOf, formatDateTime } from '../format';
import { useEngineStatus, useLatestRun, usePractice, useRunOperations } from '../queries/hooks';
import { RUN_KIND_NAMES_UI } from '../runNames';
import { screenHref } from '../navigation';
import { useMessageCounts } from '../monitor/monitorQueries';
import { sendingText } from '../sendingText';
import { RunDialog } from '../components/RunDialog';
import { EMPTY_SCHEDULE_INPUT } from '../../domain/schedule/validateSchedule';
import type { ScheduleFieldError, ScheduleInput } from '../../domain/schedule/types';
import { ScheduleForm } from '../schedule/ScheduleForm';
import { PauseTimeReached, ResumeCancelled, StopTimeReached } from '../schedule/ScheduleSituations';
import { describeSchedule, formatInstant } from '../../domain/schedule/scheduleText';
import { useSchedule, useScheduleOperations } from '../schedule/scheduleQueries';
import { useNow } from '../schedule/useNow';
import { NotificationOptIn } from '../notifications/NotificationOptIn';
import { RunControls } from '../upload/RunControls';
import { DiscardRun } from '../upload/DiscardRun';
import { DiscardedRun } from '../upload/DiscardedRun';
import { useLatestCompletedRun } from '../upload/runControlQueries';
import { stoppedPhrase } from '../stopText';


type Confirm = { kind: RunKind } | { kind: 'cancel' } | null;

const CONFIRM_TEXT: Record<RunKind | 'cancel', { title: string; message: string; confirm: string }> = {
  run: { title: 'Run the initial upload', message: 'This action will send a GP Summary Initial Upload for all eligible patients. Do you wish to proceed?', confirm: 'Yes, run' },
  rerun: {
    title: 'Rerun the initial upload',
    message: 'Some Initial Uploads have already been sent. This operation will resend messages for all eligible patients. Do you wish to proceed?',
    confirm: 'Yes, rerun',
  },
  failed: {
    title: 'Reprocess failed patients',
    message: 'This will check again, and send new messages for, only the patients that failed in the last run: in the checks or on sending. Do you wish to proceed?',
    confirm: 'Yes, reprocess',
  },
  cancel: {
    title: 'Cancel the upload',
    message: 'The upload stops at the next checkpoint. Nothing already queued is lost; the run is left partially completed and Resume continues it. Do you wish to cancel?',
    confirm: 'Yes, cancel the upload',
  },
};

function ErrorMessage({ error }: { error: EngineError | null }) {
  if (!error) return null;
  return <ProblemSummary title="That could not be done" message={error.message} />;
}

function AlreadyCompleted({ run, sendFailed, onRerun, onFailed }: { run: RunRecord; sendFailed: number; onRerun(): void; onFailed(): void }) {
  const failed = runProgress(run).failed + sendFailed;
  return (
    <section className="nhsuk-card app-situation" aria-labelledby="already-title" data-testid="situation-already-completed">
      <div className="nhsuk-card__content">
        <h2 id="already-title" className="nhsuk-card__heading">Already Run to Completion</h2>
        <p className="nhsuk-body">
          The initial upload already ran to completion on {run.completedAt ? formatDateTime(run.completedAt) : 'an earlier date'}, so Run is not
          available. Rerun sends for all eligible patients again; Failed reprocesses only the {formatCountOf(failed, 'patient that failed', 'patients that failed')}.
        </p>
        <button type="button" className="nhsuk-button" onClick={onRerun}>Rerun</button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onFailed} disabled={failed === 0}>Failed</button>
      </div>
    </section>
  );
}

export function UploadScreen() {
  const status = useEngineStatus();
  const latest = useLatestRun();
  const practice = usePractice();
  const ops = useRunOperations();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [refusal, setRefusal] = useState<EngineError | null>(null);
  const schedule = useSchedule();
  const scheduleOps = useScheduleOperations();
  const [scheduleInput, setScheduleInput] = useState<ScheduleInput>(EMPTY_SCHEDULE_INPUT);
  const [scheduleErrors, setScheduleErrors] = useState<readonly ScheduleFieldError[]>([]);
  const [changeInput, setChangeInput] = useState<ScheduleInput>(EMPTY_SCHEDULE_INPUT);
  const [changeErrors, setChangeErrors] = useState<readonly ScheduleFieldError[]>([]);
  const stored = schedule.data ?? null;
  const latestCompleted = useLatestCompletedRun();
  // The clock for the sentences that name a time ("next attempt at 14:05:10").
  const now = useNow(1_000);

  const job = status.data?.job;
  const run = job?.phase === 'running' ? job.run : (latest.data ?? null);
  const running = job?.phase === 'running';
  const here = status.data?.runsHere ?? false;
  // A running run reports its messages with every status; otherwise they are counted on request
  // (not while it runs: the counts would go unused, and each is a pass over the run's messages).
  const counted = useMessageCounts(run?.id ?? 0, !running);
  // Once the practice data (and with it the messages) is deleted, the counts stored with the run remain.
  const live = counted.data ?? null;
  const liveTotal = live === null ? 0 : Object.values(live).reduce((a, b) => a + b, 0);
  const messages = job?.phase === 'running' ? job.sending.counts : run ? (liveTotal > 0 ? live : (run.messages ?? live)) : null;
  // The latest completed run decides Run against Rerun and Failed (a discarded run never completed).
  const completed = latestCompleted.data !== undefined ? latestCompleted.data : run?.control === 'completed' ? run : null;
  const completedFailed = completed === null ? 0 : runProgress(completed).failed + (completed.id === run?.id ? (messages?.failed ?? 0) : (completed.messages?.failed ?? 0));

  const start = async (kind: RunKind) => {
    setConfirm(null);
    const result = await ops.start.mutateAsync(kind);
    setRefusal(result.ok ? null : result.error);
  };
  const resume = async () => {
    const result = await ops.resume.mutateAsync();
    setRefusal(result.ok ? null : result.error);
  };
  const pause = async () => {
    const result = await ops.pause.mutateAsync();
    setRefusal(result.ok ? null : result.error);
  };
  const onConfirm = () => {
    if (confirm?.kind !== 'cancel') return;
    setConfirm(null);
    void ops.stop.mutateAsync().then((result) => setRefusal(result.ok ? null : result.error));
  };
  /** Run, Rerun or Failed with the schedule chosen in the dialog. */
  const startWithSchedule = async (kind: RunKind, input: ScheduleInput) => {
    const plain = input.startMode === 'now' && input.limitMode === 'none';
    if (plain) {
      if (stored) await scheduleOps.clear.mutateAsync();
      await start(kind);
      return;
    }
    const result = await scheduleOps.set.mutateAsync({ input, kind });
    if (!result.valid) {
      setScheduleErrors(result.errors);
      return;
    }
    setScheduleErrors([]);
    if (input.startMode === 'now') await start(kind);
    else setConfirm(null);
  };
  const changeSchedule = async (input: ScheduleInput) => {
    const result = await scheduleOps.set.mutateAsync({ input, kind: null });
    setChangeErrors(result.valid ? [] : result.errors);
  };

  if (!practice.data) {
    return (
      <section aria-labelledby="upload-title">
        <h1 id="upload-title">Upload</h1>
        <p className="nhsuk-body">There is no practice data yet. <a href={screenHref('overview')}>Load the demo practice</a> first.</p>
      </section>
    );
  }

  const unfinished = isUnfinished(run);
  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">National Summary Initial Upload</h1>

      {refusal?.code === 'already-completed' && completed ? (
        <AlreadyCompleted run={completed} sendFailed={completedFailed - runProgress(completed).failed} onRerun={() => { setRefusal(null); setConfirm({ kind: 'rerun' }); }} onFailed={() => { setRefusal(null); setConfirm({ kind: 'failed' }); }} />
      ) : (
        <ErrorMessage error={refusal} />
      )}
      {/* Why the last run stopped, when it could not write that down itself (storage full). */}
      {job?.phase === 'failed' && job.job === 'run' && refusal === null && (
        <ProblemSummary
          title="The upload stopped"
          message={`${job.error.message} ${job.error.code === 'storage-quota' ? 'Nothing is lost. Free some space (Storage shows what is used), then Resume.' : 'Nothing is lost: Resume continues from the last checkpoint.'}`}
          testId="run-stopped-error"
        />
      )}

      {running && run && (
        <section className="nhsuk-card" aria-labelledby="progress-title" data-testid="situation-running">
          <div className="nhsuk-card__content">
            <h2 id="progress-title" className="nhsuk-card__heading">{RUN_KIND_NAMES_UI[run.kind]} in progress{here ? '' : ' in another tab'}</h2>
            {job.resumedAutomatically && <p className="nhsuk-inset-text" data-testid="resumed-automatically">The upload was running when the app was closed or reloaded, and continued by itself from its last checkpoint.</p>}
            <ProgressBar label="Patients checked" done={runProgress(run).checked} total={run.total} />
            {messages && <ProgressBar label="Messages sent (acknowledged by the Spine)" done={messages.sent} total={Math.max(1, run.counts.queued)} />}
            {job.sending.training && <p className="nhsuk-tag nhsuk-tag--yellow" data-testid="training-label">Training — nothing leaves this browser</p>}
            <p className="nhsuk-body" data-testid="sending-text">{job.stage === 'sending' ? 'Every patient is checked; the run completes when the last messages are acknowledged or fail. ' : ''}{sendingText(job.sending, now, job.stopping)}</p>
            <RunStatistics run={run} messages={messages} showRates live={{ stage: job.stage, pace: job.pace, nextAttemptAt: job.sending.sender.nextAttemptAt }} />
            <RunControls stopping={job.stopping} here={here} pending={ops.pause.isPending || ops.stop.isPending} onPause={() => void pause()} onCancel={() => setConfirm({ kind: 'cancel' })} />
            {here && (
              <div>
                <details className="nhsuk-details">
                  <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Change when the upload stops or pauses</span></summary>
                  <div className="nhsuk-details__text">
                    {stored && <p className="nhsuk-body">Now: {describeSchedule(stored.schedule, stored.progress, now)}.</p>}
                    <ScheduleForm mode="change" value={changeInput} errors={changeErrors} submitLabel="Save the schedule" busy={scheduleOps.set.isPending} onChange={setChangeInput} onSubmit={(v) => void changeSchedule(v)} />
                  </div>
                </details>
              </div>
            )}
          </div>
        </section>
      )}

      {!running && unfinished && run && (() => {
        const stats = <RunStatistics run={run} messages={messages} showRates={false} />;
        const phase = stored?.progress.phase;
        const last = stored?.progress.lastEvent;
        if (stored && phase?.kind === 'paused') {
          return <PauseTimeReached resumesAt={phase.until} timeZone={stored.schedule.timeZone} onResumeNow={() => void resume()} onCancelResume={() => void scheduleOps.cancelResume.mutateAsync()}>{stats}</PauseTimeReached>;
        }
        if (stored && run.control === 'stopped' && last?.kind === 'stop') return <StopTimeReached stoppedAt={last.at} timeZone={stored.schedule.timeZone} onResume={() => void resume()}>{stats}</StopTimeReached>;
        if (last?.kind === 'resume-cancelled') return <ResumeCancelled onResume={() => void resume()}>{stats}</ResumeCancelled>;
        return (
        <section className="nhsuk-card app-situation" aria-labelledby="partial-title" data-testid="situation-partially-completed">
          <div className="nhsuk-card__content">
            <h2 id="partial-title" className="nhsuk-card__heading">Partially Completed</h2>
            <p className="nhsuk-body">
              {RUN_KIND_NAMES_UI[run.kind]} was {stoppedPhrase(run)} after checking{' '}
              {formatCount(run.counts.checked)} of {formatCount(run.total)} patients. Resume continues from the last checkpoint; nothing is checked or queued twice.
            </p>
            {stats}
            <button type="button" className="nhsuk-button" onClick={() => void resume()} disabled={job?.phase === 'loading-demo'}>Resume</button>
          </div>
        </section>
      );
      })()}
      {!running && unfinished && run && <DiscardRun run={run} messages={messages} />}

      {!running && !unfinished && stored?.progress.phase.kind === 'waiting' && stored.schedule.startAt !== null && (
        <section className="nhsuk-card app-situation" aria-labelledby="scheduled-title" data-testid="situation-scheduled">
          <div className="nhsuk-card__content">
            <h2 id="scheduled-title" className="nhsuk-card__heading">Upload scheduled</h2>
            <p className="nhsuk-body">The upload starts by itself at {formatInstant(stored.schedule.startAt, stored.schedule.timeZone)}. Keep this app open (or open it again before then); if it is closed at that time, the upload starts when it is next opened.</p>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void scheduleOps.clear.mutateAsync()}>Cancel the scheduled start</button>
          </div>
        </section>
      )}

      {!running && run?.control === 'completed' && (
        <section className="nhsuk-card app-situation" aria-labelledby="done-title" data-testid="situation-completed">
          <div className="nhsuk-card__content">
            <h2 id="done-title" className="nhsuk-card__heading">National Summary Initial Upload completed successfully</h2>
            <p className="nhsuk-body">
              {RUN_KIND_NAMES_UI[run.kind]} completed {run.completedAt ? formatDateTime(run.completedAt) : ''}. Qualifying patients: <strong data-testid="qualifying">{formatCount(run.counts.queued)}</strong>.
            </p>
            <RunStatistics run={run} messages={messages} showRates={false} />
            {runProgress(run).failed > 0 && <p className="nhsuk-body"><a href={screenHref('errors')}>See the Upload Errors</a></p>}
            {(messages?.failed ?? 0) > 0 && <p className="nhsuk-body"><a href={screenHref('messages')}>See the messages that failed on sending</a></p>}
          </div>
        </section>
      )}

      {!running && run?.control === 'discarded' && <DiscardedRun run={run} messages={messages} />}

      {/* Run only while it could start: once a run has completed, Already Run to Completion offers Rerun and Failed. */}
      {!running && !unfinished && completed !== null && refusal?.code !== 'already-completed' && (
        <AlreadyCompleted run={completed} sendFailed={completedFailed - runProgress(completed).failed} onRerun={() => setConfirm({ kind: 'rerun' })} onFailed={() => setConfirm({ kind: 'failed' })} />
      )}
      {!running && (unfinished || completed === null) && (
        <div className="app-operations" role="group" aria-label="Upload operations">
          {!unfinished && <button type="button" className="nhsuk-button" onClick={() => setConfirm({ kind: 'run' })}>Run</button>}
          {unfinished && <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void resume()}>Resume</button>}
        </div>
      )}

      {confirm?.kind === 'cancel' && (
        <ConfirmDialog
          open
          title={CONFIRM_TEXT.cancel.title}
          message={CONFIRM_TEXT.cancel.message}
          confirmLabel={CONFIRM_TEXT.cancel.confirm}
          onConfirm={onConfirm}
          onCancel={() => setConfirm(null)}
        />
      )}
      {confirm && confirm.kind !== 'cancel' && (
        <RunDialog
          title={CONFIRM_TEXT[confirm.kind].title}
          message={CONFIRM_TEXT[confirm.kind].message}
          confirmLabel={CONFIRM_TEXT[confirm.kind].confirm}
          value={scheduleInput}
          errors={scheduleErrors}
          busy={scheduleOps.set.isPending || ops.start.isPending}
          today={localToday()}
          onChange={setScheduleInput}
          onConfirm={(input) => void startWithSchedule(confirm.kind, input)}
          onCancel={() => { setConfirm(null); setScheduleErrors([]); }}
        />
      )}
      <NotificationOptIn />
    </section>
  );
}
