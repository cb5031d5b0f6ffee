import { Fragment, type ReactNode } from 'react';

// A small, safe preview of a Markdown draft: paragraphs, line breaks, **bold**, *italics*, `code` and
// fenced code blocks. Everything else shows as typed. It builds React elements (never HTML strings), so
// nothing the person types can run. Sent messages show the server's full, sanitized rendering instead.

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(__[^_\n]+__)|(\*[^*\s][^*\n]*\*)|(_[^_\s][^_\n]*_)/g;

function renderInline(text: string, keyPrefix: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(text.slice(last, index));
    const token = match[0];
    const key = `${keyPrefix}-${index}`;
    if (match[1]) nodes.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (match[2] || match[3]) nodes.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    else nodes.push(<em key={key}>{token.slice(1, -1)}</em>);
    last = index + token.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function renderParagraph(block: string, key: string): ReactNode {
  const lines = block.split('\n');
  return (
    <p key={key}>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {renderInline(line, `${key}-${i}`)}
        </Fragment>
      ))}
    </p>
  );
}

/** Splits a draft into fenced code blocks and paragraphs (separated by blank lines). */
export function renderMarkdownPreview(markdown: string): ReactNode[] {
  const out: ReactNode[] = [];
  const parts = markdown.replace(/\r\n?/g, '\n').split(/^```[^\n]*\n?/m);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      out.push(
        <pre key={`code-${i}`}>
          <code>{part.replace(/\n$/, '')}</code>
        </pre>,
      );
      return;
    }
    part
      .split(/\n\s*\n/)
      .map((block) => block.replace(/^\n+|\n+$/g, ''))
      .filter((block) => block.trim() !== '')
      .forEach((block, j) => out.push(renderParagraph(block, `p-${i}-${j}`)));
  });
  return out;
}

export function MarkdownPreview({ text, emptyText }: { text: string; emptyText: string }) {
  const nodes = renderMarkdownPreview(text);
  return <div className="message-body markdown-preview">{nodes.length > 0 ? nodes : <p className="muted">{emptyText}</p>}</div>;
}
