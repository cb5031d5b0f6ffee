import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** An accessibility problem axe-core found, in a form that reads well in a failed assertion. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now and returns the
 * serious and critical violations.
 *
 * axe is loaded from node_modules/axe-core/axe.min.js. `page.addScriptTag({ path })` would inject it as
 * an inline <script>, which the app's Content-Security-Policy (script-src 'self') rightly refuses; so
 * the same file is evaluated through the DevTools protocol instead, which page CSP does not govern.
 * The page keeps its real CSP, and the tests still notice any violation the app itself causes.
 */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!hasAxe) {
    axeSource ??= fs.readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    return axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
}

/** Fails with every serious or critical violation listed (rule, why, where) when the page has any. */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    at ${v.targets.slice(0, 5).join('\n    at ')}`);
  throw new Error(`Accessibility problems on ${where}:\n${lines.join('\n')}`);
}
