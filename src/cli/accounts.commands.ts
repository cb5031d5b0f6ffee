import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { ROLES, type Role } from '../modules/accounts/accounts.models.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';
import { openCliRuntime } from './runtime.js';
import { CliError, readStdin, runCommand, say } from './io.js';

export function registerAccountsCommands(program: Command): void {
  const users = program.command('users').description('manage people');
  users
    .command('create')
    .description('create an admin, agent or customer (counts as verified)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input (otherwise one is generated and printed once)')
    .option('--language <lang>', 'en or ru', 'en')
    .option('--time-zone <zone>', 'IANA time zone')
    .action((opts: { role: string; email: string; name: string; passwordStdin?: boolean; language: string; timeZone?: string }) =>
      runCommand(async () => {
        if (!(ROLES as readonly string[]).includes(opts.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
        if (!z.email().safeParse(opts.email).success) throw new CliError(`--email "${opts.email}" is not an email address`);
        if (opts.language !== 'en' && opts.language !== 'ru') throw new CliError('--language must be en or ru');
        const isGenerated = !opts.passwordStdin;
        const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : randomBytes(15).toString('base64url');
        if (password.length < 10) throw new CliError('the password must have at least 10 characters');
        const runtime = await openCliRuntime();
        try {
          const { user } = await runtime.deps.accounts.createUser({
            email: opts.email,
            name: opts.name,
            role: opts.role as Role,
            password,
            language: opts.language,
            timeZone: opts.timeZone,
          });
          say(`created ${user.role} ${user.email} (${user.id})`);
          if (isGenerated) {
            say('generated password (shown once):');
            process.stdout.write(`${password}\n`);
          }
        } finally {
          await runtime.close();
        }
      }),
    );
  users
    .command('list')
    .description('list people')
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .action((opts: { role?: Role }) =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const rows = await createAccountsRepository({ db: runtime.deps.db }).listUsers({ role: opts.role, limit: 1000 });
          for (const u of rows) process.stdout.write(`${u.role}\t${u.email}\t${u.name}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
