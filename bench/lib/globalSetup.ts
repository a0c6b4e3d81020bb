// Before the bench files run: forget figures of an earlier run and describe this machine.

import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { describeMachine } from './machine';
import { BENCH_DIR, recordMachine, resetCollected } from './results';

export default async function globalSetup(): Promise<void> {
  resetCollected();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const version = browser.version();
  await browser.close();
  recordMachine(describeMachine(version, join(BENCH_DIR, '..')));
}
