// Shows a section's narrative XHTML as React elements built from the whitelisted tree
// (narrative.ts), never as markup: nothing from the message reaches innerHTML.

import { createElement, useMemo, type ReactNode } from 'react';
import type { NarrativeNode } from './narrative';
import { parseNarrative } from './narrativeDom';

function renderNode(node: NarrativeNode, key: number): ReactNode {
  if (typeof node === 'string') return node;
  const props: { key: number; colSpan?: number; rowSpan?: number } = { key };
  if (node.colSpan !== null) props.colSpan = node.colSpan;
  if (node.rowSpan !== null) props.rowSpan = node.rowSpan;
  // Void elements (br) must be created without children.
  return node.children.length === 0 ? createElement(node.tag, props) : createElement(node.tag, props, node.children.map(renderNode));
}

export function Narrative({ div }: { div: string }) {
  const nodes = useMemo(() => parseNarrative(div), [div]);
  if (nodes === null) return <p className="nhsuk-body nhsuk-u-secondary-text-colour">This section's text is not well-formed</p>;
  return <>{nodes.map(renderNode)}</>;
}
