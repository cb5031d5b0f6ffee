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
}
