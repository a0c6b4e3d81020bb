// Holds a wide data table. On a narrow screen (320 px, or 400% zoom) the table keeps its columns
// readable and scrolls sideways inside this box, while the page itself never does (WCAG 1.4.10
// lets data tables scroll in two dimensions). Only while it does scroll, the box is a labelled
// region in the Tab order, so a keyboard user can scroll it with the arrow keys; otherwise it is
// no stop and no landmark.

import { useEffect, useRef, useState, type ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (box === null) return;
    // Called once when observing starts, then on every change of the box's or the table's size.
    const observer = new ResizeObserver(() => setScrolls(box.scrollWidth > box.clientWidth + 1));
    observer.observe(box);
    if (box.firstElementChild !== null) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="app-table-scroll" {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}>
      {children}
    </div>
  );
}
