// Driving the app by keyboard alone, as a user without a mouse would: Tab and Shift+Tab to a
// control (the test fails if it cannot be reached), Enter and Space to use it, arrow keys in
// radio groups and selects, typing into fields.

import { expect, type Locator, type Page } from '@playwright/test';

const MAX_PRESSES = 250;

async function hasFocus(target: Locator): Promise<boolean> {
  return (await target.count()) === 1 && target.evaluate((el) => el === document.activeElement);
}

async function pressUntilFocused(page: Page, key: 'Tab' | 'Shift+Tab', target: Locator, what: string): Promise<void> {
  for (let i = 0; i < MAX_PRESSES; i++) {
    await page.keyboard.press(key);
    if (await hasFocus(target)) return;
  }
  throw new Error(`${what} cannot be reached with ${key} (${MAX_PRESSES} presses)`);
}

/** Tab forwards until `target` has focus. */
export async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
  if (await hasFocus(target)) return;
  await pressUntilFocused(page, 'Tab', target, what);
}

/** Shift+Tab backwards until `target` has focus. */
export async function shiftTabTo(page: Page, target: Locator, what: string): Promise<void> {
  if (await hasFocus(target)) return;
  await pressUntilFocused(page, 'Shift+Tab', target, what);
}

/** Tabs to a button and presses Enter. */
export async function pressButton(page: Page, button: Locator, what: string): Promise<void> {
  await tabTo(page, button, what);
  await page.keyboard.press('Enter');
}

/** Back up to the main menu, open a screen: focus lands on the new screen's heading. */
export async function openScreenByKeyboard(page: Page, name: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  await shiftTabTo(page, link, `the menu's ${name}`);
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('#maincontent h1')).toBeFocused();
}

/** Moves a focused closed <select> with the arrow keys until it shows `value`. */
export async function arrowSelect(page: Page, select: Locator, value: string): Promise<void> {
  const { from, to } = await select.evaluate((el, wanted) => {
    const options = [...(el as HTMLSelectElement).options];
    return { from: (el as HTMLSelectElement).selectedIndex, to: options.findIndex((o) => o.value === wanted) };
  }, value);
  expect(to, `the select offers ${value}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < Math.abs(to - from); i++) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await expect(select).toHaveValue(value);
}

/**
 * Types a time, `HH:MM`, into a time field whose hours part has focus (as Tab leaves it). Chromium
 * lays the field out in its own interface language: hours, minutes and AM/PM here; hours and
 * minutes (24-hour) in others, where the hours are typed again.
 */
export async function typeTime(page: Page, field: Locator, time: string): Promise<void> {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  for (const key of `${pad(twelve)}${pad(minutes)}${hours < 12 ? 'A' : 'P'}`) await page.keyboard.press(key);
  if ((await field.inputValue()) !== time) {
    await page.keyboard.press('Shift+Tab');
    for (const key of pad(hours)) await page.keyboard.press(key);
  }
  await expect(field).toHaveValue(time);
}
