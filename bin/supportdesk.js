#!/usr/bin/env node
// The `supportdesk` command: runs the compiled CLI (npm run build makes it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
if (!existsSync(compiled)) {
  process.stderr.write('supportdesk is not built yet: run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(pathToFileURL(compiled).href);
