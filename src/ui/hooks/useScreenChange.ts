// On a change of screen the page title names the new screen, and focus moves to the screen's
// main heading, so a screen reader says where the user now is and Tab goes on from the top of
// the new content. The first screen after opening the app keeps the browser's own focus.

import { useEffect, useRef } from 'react';
import { pageTitle, type ScreenId } from '../navigation';

/** The screens' main heading: every screen renders exactly one h1 in every state. */
const HEADING = '#maincontent h1';

/** Focuses an element that is not focusable by itself, as the NHS design system does. */
function focusHeading(heading: HTMLElement): void {
  if (!heading.hasAttribute('tabindex')) {
    heading.setAttribute('tabindex', '-1');
    // Only while it has focus: Tab and a click elsewhere leave the heading an ordinary one.
    heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  }
  heading.focus();
}

export function useScreenChange(screen: ScreenId): void {
  const shown = useRef<ScreenId | null>(null);
  useEffect(() => {
    document.title = pageTitle(screen);
    if (shown.current !== null && shown.current !== screen) {
      const heading = document.querySelector<HTMLElement>(HEADING);
      if (heading !== null) focusHeading(heading);
    }
    shown.current = screen;
  }, [screen]);
}
