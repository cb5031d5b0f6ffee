import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIRST_LOAD_LIMIT_BYTES = 250 * 1024;

// The production build of the web app, as `npm start` makes it: quiet, split, and light to load.
describe('the web app build', { timeout: 180_000 }, () => {
  let outDir: string;
  const warnings: string[] = [];
  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bundle-'));
    const { build, createLogger } = await import('vite');
    const logger = createLogger('warn', { allowClearScreen: false });
    const warn = logger.warn.bind(logger);
    logger.warn = (message, options) => {
      warnings.push(message);
      warn(message, options);
    };
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production'; // what ships, not React's development build
    try {
      await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', customLogger: logger, build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }, 180_000);
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('prints no warning (no chunk over 500 kB)', () => {
    expect(warnings).toEqual([]);
    for (const file of fs.readdirSync(path.join(outDir, 'assets'))) {
      expect(fs.statSync(path.join(outDir, 'assets', file)).size, file).toBeLessThan(500 * 1024);
    }
  });

  it('the first page load (the HTML and what it links) stays under 250 kB gzipped', () => {
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const linked = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(linked.some((file) => file.endsWith('.js'))).toBe(true);
    const gzipped = [html, ...linked.map((file) => fs.readFileSync(path.join(outDir, file)))].reduce((total, content) => total + gzipSync(content).length, 0);
    console.info(`[supportdesk tests] first load: ${(gzipped / 1024).toFixed(1)} kB gzipped in ${linked.length + 1} files`);
    expect(gzipped).toBeLessThan(FIRST_LOAD_LIMIT_BYTES);
    // The report pages' charts are a chunk of their own, fetched only when those pages open.
    for (const file of linked) expect(fs.readFileSync(path.join(outDir, file), 'utf8'), file).not.toContain('chart-legend');
    expect(
      fs.readdirSync(path.join(outDir, 'assets')).some((file) => fs.readFileSync(path.join(outDir, 'assets', file), 'utf8').includes('chart-legend')),
    ).toBe(true);
  });
});
