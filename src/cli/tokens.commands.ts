import type { Command } from 'commander';
import { normalizeEmail } from '../modules/accounts/accounts.models.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';
import { SCOPES } from '../modules/tokens/tokens.models.js';
import { CliError, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

export function registerTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .description('create an API token for a user; prints the token alone on stdout, once')
    .requiredOption('--user <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .option(
      '--scope <scope>',
      `narrow the token (${SCOPES.join(', ')}); may repeat`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action((opts: { user: string; name: string; scope: string[] }) =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const user = await createAccountsRepository({ db: runtime.deps.db }).findUserByEmail({ email: normalizeEmail(opts.user) });
          if (!user) throw new CliError(`no user with email ${opts.user}`);
          const { token, secret } = await runtime.deps.tokens.createToken({ userId: user.id, name: opts.name, scopes: opts.scope });
          say(`token "${token.name}" for ${user.email} (${user.role}), scopes: ${opts.scope.length ? opts.scope.join(' ') : `all of the ${user.role} role`}`);
          process.stdout.write(`${secret}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );

  tokens
    .command('list')
    .description('list API tokens: id, user, name, scopes, last use, state')
    .option('--user <email>', "only this person's tokens")
    .action((opts: { user?: string }) =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const repo = createAccountsRepository({ db: runtime.deps.db });
          let userId: string | undefined;
          if (opts.user !== undefined) {
            const user = await repo.findUserByEmail({ email: normalizeEmail(opts.user) });
            if (!user) throw new CliError(`no user with email ${opts.user}`);
            userId = user.id;
          }
          const rows = await runtime.deps.tokens.listTokens({ userId });
          const owners = new Map<string, string>();
          for (const row of rows) {
            if (!owners.has(row.user_id)) owners.set(row.user_id, (await repo.findUserById({ id: row.user_id }))?.email ?? row.user_id);
          }
          const now = runtime.deps.clock.now();
          for (const t of rows) {
            const state = t.revoked_at !== null ? 'revoked' : t.expires_at !== null && t.expires_at <= now ? 'expired' : 'active';
            const lastUsed = t.last_used_at === null ? 'never' : new Date(t.last_used_at).toISOString();
            process.stdout.write(`${t.id}\t${owners.get(t.user_id)}\t${t.name}\t${t.scopes || '*'}\t${lastUsed}\t${state}\n`);
          }
        } finally {
          await runtime.close();
        }
      }),
    );
  tokens
    .command('revoke')
    .description('revoke an API token by its id (see tokens list); it stops working at once')
    .argument('<id>', 'the token id')
    .action((id: string) =>
      runCommand(async () => {
        if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError(`"${id}" is not a token id (see tokens list)`);
        const runtime = await openCliRuntime();
        try {
          await runtime.deps.tokens.revokeToken({ id });
          say(`revoked token ${id}`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
