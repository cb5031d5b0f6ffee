import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'build-if-changed.js');

// `npm start` runs scripts/build-if-changed.js: here it runs in a small project whose "build" only
// counts how often it ran, so the test checks the decision, not the compilers.
describe('npm start builds only when sources changed', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-build-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(SCRIPT, path.join(dir, 'scripts', 'build-if-changed.js'));
    const build = 'mkdir -p dist/web && touch dist/main.js dist/web/index.html && echo built >> builds.txt';
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake', private: true, type: 'module', scripts: { build } }));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'web'));
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'src', 'main.test.ts'), 'test\n');
    fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html>\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const start = () => execFileSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: dir, encoding: 'utf8' });
  const builds = () => fs.readFileSync(path.join(dir, 'builds.txt'), 'utf8').trim().split('\n').length;

  it('builds the first time, then not again while nothing changed', () => {
    start();
    expect(builds()).toBe(1);
    expect(start()).toContain('The build is up to date');
    expect(builds()).toBe(1);
  });

  it('a changed source or web file builds again; a changed test does not', () => {
    fs.writeFileSync(path.join(dir, 'src', 'main.test.ts'), 'another test\n');
    start();
    expect(builds()).toBe(1);
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const a = 2;\n');
    start();
    expect(builds()).toBe(2);
    fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html><title>x</title>\n');
    start();
    expect(builds()).toBe(3);
    start();
    expect(builds()).toBe(3);
  });

  it('a missing build is made even when the fingerprint matches', () => {
    fs.rmSync(path.join(dir, 'dist', 'main.js'));
    start();
    expect(builds()).toBe(4);
  });
});
