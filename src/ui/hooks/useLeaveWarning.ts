// Asks before the tab that runs the job is closed or reloaded. Nothing is lost if the user goes
// on (the run continues from its checkpoint when the app is next opened, or in another open tab),
// but an unattended run stops until then. The browser words the question itself.

import { useEffect } from 'react';

export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
