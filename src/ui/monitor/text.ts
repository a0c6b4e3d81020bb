// Words and times for the message monitor, en-GB: the pager's range and wall-clock times.

import { formatCount } from '../format';

/** "Showing 51–100 of 8,421" (1-based, en dash); "No messages" when there are none. */
export function pageRangeText(offset: number, shown: number, total: number): string {
  if (total === 0) return 'No messages';
  if (shown === 0) return `None shown of ${formatCount(total)}`;
  return `Showing ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
}
