// axe-core in the browser tests: checks the page as it is now against WCAG 2.0, 2.1 and 2.2,
// levels A and AA, and fails with every violation listed (rule, impact, where, why). axe is put
// into the page through the DevTools protocol (page.evaluate), which the app's Content Security
// Policy does not cover, so the page under test keeps its real policy.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG levels checked: A and AA of 2.0, 2.1 and 2.2. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] as const;

/** Every screen state checked in this test process, by name (a spec counts them). */
const checkedStates = new Set<string>();

export function statesChecked(): ReadonlySet<string> {
  return checkedStates;
}

function describe(violation: Result): string {
  const where = violation.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
  return `${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}\n${where}`;
}

/** Runs axe on the whole page; the test fails with every WCAG A/AA violation found. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  await test.step(`axe: ${state}`, async () => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate(async (tags) => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
      return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    }, [...WCAG_TAGS]);
    const found = results.violations.map(describe);
    // Soft: the test goes on to its other states, and fails at its end with every violation.
    expect.soft(found, `WCAG A/AA violations in "${state}"`).toEqual([]);
    if (found.length === 0) checkedStates.add(state);
  });
}
