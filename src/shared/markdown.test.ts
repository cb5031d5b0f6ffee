import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

describe('markdown rendering', () => {
  it('keeps formatting, links and code', () => {
    const html = renderMarkdown('**bold** and `code`\n\n[docs](https://example.test/docs)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('href="https://example.test/docs"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('drops scripts, event handlers and javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)><a href="#" onclick="x()">y</a>\n\n[x](javascript:alert(1))');
    expect(html).not.toMatch(/<script|onerror|onclick|href="javascript:|<img/i);
    expect(html).toContain('>y</a>');
  });
});
