import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import type { User } from '../db/types.js';
import { normalizeEmail, ROLES, type Role } from '../modules/accounts/accounts.models.js';
import { SYSTEM_ACTOR } from '../modules/audit/audit.models.js';
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

  users
    .command('disable')
    .description('deactivate a person: ends every session, mailed link and API token at once; history stays')
    .requiredOption('--email <email>', 'the person')
    .option('--reassign-to <email>', 'an active agent or admin who takes their open tickets (otherwise they are unassigned)')
    .action((opts: { email: string; reassignTo?: string }) =>
      withPerson(opts.email, async ({ runtime, user }) => {
        const reassignTo = opts.reassignTo === undefined ? null : (await findByEmail(runtime, opts.reassignTo)).id;
        const { reassigned } = await runtime.deps.people.deactivate({ actor: SYSTEM_ACTOR, userId: user.id, reassignTo });
        say(`disabled ${user.role} ${user.email}; ${reassigned} open ticket(s) ${reassignTo ? `reassigned to ${opts.reassignTo}` : 'unassigned'}`);
      }),
    );
  users
    .command('enable')
    .description('reactivate a deactivated person (their old sessions and tokens stay ended)')
    .requiredOption('--email <email>', 'the person')
    .action((opts: { email: string }) =>
      withPerson(opts.email, async ({ runtime, user }) => {
        await runtime.deps.people.reactivate({ actor: SYSTEM_ACTOR, userId: user.id });
        say(`enabled ${user.role} ${user.email}`);
      }),
    );
  users
    .command('role')
    .description('change a person between agent and admin (the last active admin stays one)')
    .requiredOption('--email <email>', 'the person')
    .requiredOption('--role <role>', 'agent or admin')
    .action((opts: { email: string; role: string }) =>
      withPerson(opts.email, async ({ runtime, user }) => {
        if (opts.role !== 'agent' && opts.role !== 'admin') throw new CliError('--role must be agent or admin');
        const { user: changed } = await runtime.deps.people.changeRole({ actor: SYSTEM_ACTOR, userId: user.id, role: opts.role });
        say(`${changed.email} is now ${changed.role}`);
      }),
    );
}

type CliRuntime = Awaited<ReturnType<typeof openCliRuntime>>;

async function findByEmail(runtime: CliRuntime, email: string): Promise<User> {
  const user = await createAccountsRepository({ db: runtime.deps.db }).findUserByEmail({ email: normalizeEmail(email) });
  if (!user) throw new CliError(`no user with email ${email}`);
  return user;
}

/** Opens the runtime, finds the person by email and runs `body`, closing the runtime after. */
function withPerson(email: string, body: (args: { runtime: CliRuntime; user: User }) => Promise<void>): Promise<void> {
  return runCommand(async () => {
    const runtime = await openCliRuntime();
    try {
      await body({ runtime, user: await findByEmail(runtime, email) });
    } finally {
      await runtime.close();
    }
  });
}
