import type { Command } from 'commander';
import { loadDemoData } from '../demo/demo.js';
import { openCliRuntime } from './runtime.js';
import { runCommand, say } from './io.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load demo people and data (safe to run again)')
    .action(() =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const { people, password, tickets } = await loadDemoData({ deps: runtime.deps });
          say(`demo data loaded (${tickets} new tickets); every demo person's password is: ${password}`);
          for (const p of people) say(`  ${p.role.padEnd(8)} ${p.email}  ${p.note}`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
