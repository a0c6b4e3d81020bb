// The schedule and the scheduler's progress through it, kept in the `settings` table as ONE row
// so they always change together. `revision` goes up with every new or changed schedule: the
// ticker saves progress only for the revision it evaluated, so a tick that was in flight when
// the schedule changed (here or in another tab) cannot overwrite the new schedule's progress.

import type { ScrDatabase } from '../../db/database';
import type { ScheduleProgress, UploadSchedule } from '../../domain/schedule/types';

export const SCHEDULE_SETTING_KEY = 'upload-schedule';

export interface StoredSchedule {
  readonly revision: number;
  readonly schedule: UploadSchedule;
  readonly progress: ScheduleProgress;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isLimit(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (v.kind === 'none') return true;
  if (v.kind === 'stop') return isNumber(v.time) && isNumber(v.at);
  if (v.kind === 'pause') return isNumber(v.pauseTime) && isNumber(v.resumeTime) && isNumber(v.firstPauseAt);
  return false;
}

const EVENT_KINDS: readonly unknown[] = ['start', 'stop', 'pause', 'resume', 'resume-cancelled'];

function isEvent(v: unknown): boolean {
  return v === null || (isRecord(v) && EVENT_KINDS.includes(v.kind) && isNumber(v.at));
}

function isPhase(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (v.kind === 'paused') return isNumber(v.until);
  return v.kind === 'waiting' || v.kind === 'active' || v.kind === 'ended';
}

/** Checks a row read back from storage (written by an older or newer version, or damaged). */
export function isStoredSchedule(v: unknown): v is StoredSchedule {
  if (!isRecord(v) || !isNumber(v.revision) || !isRecord(v.schedule) || !isRecord(v.progress)) return false;
  const s = v.schedule;
  const p = v.progress;
  return (
    typeof s.timeZone === 'string' &&
    isNumber(s.setAt) &&
    (s.startAt === null || isNumber(s.startAt)) &&
    isLimit(s.limit) &&
    isNumber(p.lastEvaluatedAt) &&
    isPhase(p.phase) &&
    isEvent(p.lastEvent)
  );
}

/** The stored schedule, or null when none is set (or the row is unreadable). */
export async function readSchedule(db: ScrDatabase): Promise<StoredSchedule | null> {
  const row = await db.settings.get(SCHEDULE_SETTING_KEY);
  return row && isStoredSchedule(row.value) ? row.value : null;
}

/** The revision of the stored row, schedule or cleared; 0 when there has never been one. */
async function storedRevision(db: ScrDatabase): Promise<number> {
  const row = await db.settings.get(SCHEDULE_SETTING_KEY);
  return row && isRecord(row.value) && isNumber(row.value.revision) ? row.value.revision : 0;
}

/** Stores a new or changed schedule with its starting progress, under the next revision. */
export async function writeSchedule(db: ScrDatabase, schedule: UploadSchedule, progress: ScheduleProgress): Promise<StoredSchedule> {
  return db.transaction('rw', db.settings, async () => {
    const stored: StoredSchedule = { revision: (await storedRevision(db)) + 1, schedule, progress };
    await db.settings.put({ key: SCHEDULE_SETTING_KEY, value: stored });
    return stored;
  });
}

/**
 * Saves the progress of schedule `revision`. Returns false, writing nothing, when the schedule
 * was changed or cleared since it was read.
 */
export async function saveProgress(db: ScrDatabase, revision: number, progress: ScheduleProgress): Promise<boolean> {
  return db.transaction('rw', db.settings, async () => {
    const current = await readSchedule(db);
    if (!current || current.revision !== revision) return false;
    await db.settings.put({ key: SCHEDULE_SETTING_KEY, value: { ...current, progress } satisfies StoredSchedule });
    return true;
  });
}

/** Removes the schedule. Returns whether there was one. */
export async function deleteSchedule(db: ScrDatabase): Promise<boolean> {
  return db.transaction('rw', db.settings, async () => {
    const existed = (await readSchedule(db)) !== null;
    await db.settings.put({ key: SCHEDULE_SETTING_KEY, value: { revision: await storedRevision(db), cleared: true } });
    return existed;
  });
}
