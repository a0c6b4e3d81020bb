// Help text written as in the contributors' docs: `backticks` mark code (file names, FHIR
// elements, URLs), shown as <code>. Text only, never markup.

import { Fragment } from 'react';

export function InlineCode({ text }: { text: string }) {
  // Odd-numbered parts sat between backticks.
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
