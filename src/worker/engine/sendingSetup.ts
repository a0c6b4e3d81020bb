// The sending side the engine is built with: the transmission (the sender of the run going here,
// and the training Spine), the settings screen's service, and reading the stored sending
// settings once per worker before they are first needed.

import type { ScrDatabase } from '../../db/database';
import type { Clock } from '../ports';
import { SendingSettingsService } from '../send/sendingSettingsService';
import { loadSendingSettings } from '../send/sendingStore';
import type { Sleeper } from '../send/sleeper';
import { Transmission, type TransmissionDeps } from '../send/transmission';

export interface SendingSetupDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly sleeper?: Sleeper;
  readonly fetch?: TransmissionDeps['fetch'];
  readonly random?: () => number;
  readonly log: (text: string) => Promise<void>;
  /** The run's sending changed (counts or holds). */
  readonly onChange: () => void;
}

export interface SendingSetup {
  readonly transmission: Transmission;
  readonly sendingSettings: SendingSettingsService;
  /** The stored sending settings, read once per worker (every later call gets the same read). */
  readonly ensureSettings: () => Promise<void>;
}

export function createSending(deps: SendingSetupDeps): SendingSetup {
  const { db, clock } = deps;
  const transmission = new Transmission({ db, clock, sleeper: deps.sleeper, onChange: deps.onChange, fetch: deps.fetch, random: deps.random }, { kind: 'training', speed: 'fast' });
  let loaded: Promise<void> | null = null;
  const ensureSettings = (): Promise<void> => {
    loaded ??= loadSendingSettings(db).then(async ({ settings, rememberedToken }) => {
      await transmission.configure(settings);
      if (rememberedToken !== null) transmission.setBearerToken(rememberedToken);
    });
    return loaded;
  };
  return { transmission, sendingSettings: new SendingSettingsService(db, clock, transmission, deps.log, ensureSettings), ensureSettings };
}
