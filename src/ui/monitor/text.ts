// Words and times for the message monitor, en-GB: the pager's range and wall-clock times.

import { formatCount } from '../format';

/** "Showing 51–100 of 8,421" (1-based, en dash); "No messages" when there are none. */
export function pageRangeText(offset: number, shown: number, total: number): string {
  if (total === 0) return 'No messages';
  if (shown === 0) return `None shown of ${formatCount(total)}`;
  return `Showing ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
}

/** Epoch ms as a local time of day, e.g. "14:32:05". */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Epoch ms as a local hour and minute, e.g. "14:32". */
export function formatMinute(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}
