// `npm start` builds only when what the build reads has changed since the last build: the
// sources, the web app, the build configuration and the installed dependencies' versions.
// A fingerprint of all of it is kept next to the build, in dist/.build-fingerprint.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FINGERPRINT = path.join(ROOT, 'dist', '.build-fingerprint');
const INPUT_DIRS = ['src', 'web'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts'];
const OUTPUTS = ['dist/main.js', 'dist/web/index.html'];

function listFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full));
    // Tests are not part of the build.
    else if (!/\.test\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap((dir) => listFiles(path.join(ROOT, dir))), ...INPUT_FILES.map((file) => path.join(ROOT, file))]
    .filter((file) => fs.existsSync(file))
    .sort();
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const current = fingerprint();
const previous = fs.existsSync(FINGERPRINT) ? fs.readFileSync(FINGERPRINT, 'utf8').trim() : '';
const isBuilt = OUTPUTS.every((file) => fs.existsSync(path.join(ROOT, file)));
if (isBuilt && previous === current) {
  process.stdout.write('The build is up to date (no source changed since the last one).\n');
} else {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(FINGERPRINT, `${current}\n`);
}
