#!/usr/bin/env node
// Composition root: the CLI parses the command; each command loads config, opens the database,
// wires dependencies and then serves, works or runs one use case.
import { buildCli } from './cli/index.js';

await buildCli().parseAsync(process.argv);
