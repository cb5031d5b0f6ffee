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
          const started = Date.now();
          const { people, password, tickets, skipped } = await loadDemoData({ deps: runtime.deps });
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          if (skipped === 'loaded_before') say(`demo data is already loaded; people and licenses are up to date (${seconds} s)`);
          else if (skipped === 'has_tickets')
            say(`this database already has tickets, so no demo tickets were added; demo people and licenses are loaded (${seconds} s)`);
          else say(`demo data loaded: ${people.length} people, ${tickets} tickets over the last 90 days (${seconds} s)`);
          say(`every demo person's password is: ${password}`);
          for (const p of people) say(`  ${p.role.padEnd(8)} ${p.email.padEnd(32)} ${p.note}`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
