// Element ids for the settings form's fields.

import type { SettingsField } from '../../domain/settings/formValues';
import { formIds } from '../forms/formIds';

export const settingsIds = formIds<SettingsField>('settings');
