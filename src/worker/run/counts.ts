// Run counters: pure arithmetic on RunCounts.

import type { RunCounts } from '../../domain/model/runs';
import type { FailedReason, NotRequiredReason } from '../../domain/eligibility';

export function emptyCounts(): RunCounts {
  const notRequired: Record<NotRequiredReason, number> = { 'not-permanently-registered': 0, fp69: 0, sensitive: 0, 'existing-summary': 0, dissent: 0 };
  const failed: Record<FailedReason, number> = { 'nhs-number-missing-or-invalid': 0, 'not-linked-to-pds': 0 };
  return { checked: 0, queued: 0, notRequired, failed };
}

export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  const notRequired = { ...a.notRequired };
  for (const k of Object.keys(b.notRequired) as NotRequiredReason[]) notRequired[k] += b.notRequired[k];
  const failed = { ...a.failed };
  for (const k of Object.keys(b.failed) as FailedReason[]) failed[k] += b.failed[k];
  return { checked: a.checked + b.checked, queued: a.queued + b.queued, notRequired, failed };
}
