// Element ids for the schedule form's fields.

import type { ScheduleField } from '../../domain/schedule/types';
import { formIds } from '../forms/formIds';

export const scheduleIds = formIds<ScheduleField>('schedule');
