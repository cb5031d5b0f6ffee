import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildApp } from '../http/app.js';
import { createJobRunner } from '../jobs/jobs.runner.js';
import { createJobRegistry } from '../jobs/registry.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';
import { createPgEventRelay } from '../modules/live/live.pg-relay.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { openCliRuntime } from './runtime.js';
import { runCommand, say, sayLink } from './io.js';
import { listenOrExplain } from './listen.js';

/** The built web app: dist/web next to the compiled server (dist/cli/..), or from the source tree. */
function findWebDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', 'dist', 'web').replace(`${path.sep}dist${path.sep}dist`, `${path.sep}dist`);
}

/** With PostgreSQL, ticket changes reach live viewers on every process; SQLite runs one process. */
function startEventRelay(runtime: Runtime) {
  const { deps, config } = runtime;
  return deps.dialect === 'postgres' ? createPgEventRelay({ databaseUrl: config.databaseUrl, bus: deps.events, logger: deps.logger }) : undefined;
}

function onShutdown(stop: () => Promise<void>): void {
  let isStopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (isStopping) return;
      isStopping = true;
      void stop().then(() => process.exit(0));
    });
  }
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the API and the web app (and run background jobs unless SUPPORTDESK_RUN_JOBS=false)')
    .action(() =>
      runCommand(async () => {
        const runtime = await openRuntime({ longRunning: true, announce: sayLink });
        const { deps, config } = runtime;
        const app = await buildApp(deps, { webDir: findWebDir() });
        try {
          await listenOrExplain(app, { port: config.port, host: config.host });
        } catch (error) {
          // Nothing else has started yet (no job runner, no relay): close what is open and exit non-zero.
          await app.close();
          await runtime.close();
          throw error;
        }
        // Jobs only once this process serves: one that cannot bind must not run a shared queue.
        const registry = createJobRegistry(deps);
        const runner = createJobRunner({ queue: deps.jobs, ...registry, clock: deps.clock, logger: deps.logger });
        if (config.runJobs) runner.start();
        const relay = startEventRelay(runtime);
        const hasAdmin = await createAccountsRepository({ db: deps.db }).hasAdmin();
        // Creates the vault's key file on first start; a missing or wrong key disables only the vault.
        const vaultStatus = await deps.vault.status();
        if (!vaultStatus.available) say(`The vault is unavailable (${vaultStatus.code}): ${vaultStatus.problem} Everything else works.`);
        say('');
        say(
          `Supportdesk is running at ${config.publicUrl}  (database: ${runtime.handle.dialect}${runtime.handle.dialect === 'sqlite' ? `, ${config.dataDir}` : ''})`,
        );
        say(`Sign in at ${config.publicUrl}/sign-in · API docs at ${config.publicUrl}/api/docs`);
        if (!hasAdmin) {
          say('No admin yet. Create the first one in another terminal:');
          say('  npx supportdesk users create --role admin --email you@example.com --name "Your Name"');
          say('or load demo people and data with: npx supportdesk demo');
        }
        onShutdown(async () => {
          await app.close();
          await runner.stop();
          await relay?.close();
          await runtime.close();
        });
      }),
    );

  program
    .command('worker')
    .description('run background jobs only (for extra processes; `serve` runs them too)')
    .action(() =>
      runCommand(async () => {
        const runtime = await openRuntime({ longRunning: true, announce: sayLink });
        const { deps } = runtime;
        const relay = startEventRelay(runtime); // jobs change tickets too
        const runner = createJobRunner({ queue: deps.jobs, ...createJobRegistry(deps), clock: deps.clock, logger: deps.logger });
        runner.start();
        say(`worker ${runner.workerId} running jobs`);
        onShutdown(async () => {
          await runner.stop();
          await relay?.close();
          await runtime.close();
        });
      }),
    );

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        say(`database is up to date (${runtime.handle.dialect})`);
        await runtime.close();
      }),
    );
}
