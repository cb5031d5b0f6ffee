import type { Command } from 'commander';
import { generateMasterKey } from '../modules/vault/vault.crypto.js';
import { formatKey } from '../modules/vault/vault.keys.js';
import { CliError, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('the emergency access vault (its master key)');

  vault
    .command('rotate-key')
    .description(
      're-wrap every stored data key under a new master key while the server keeps running; prints the new key id. ' +
        'With the key file, a new key is generated there; with SUPPORTDESK_VAULT_KEY=NEW,OLD, everything moves to NEW',
    )
    .action(() =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const result = await runtime.deps.vault.rotateKey({ onProgress: ({ done }) => say(`re-wrapped ${done} data keys`) });
          if (!result.isRotated) {
            throw new CliError(
              'SUPPORTDESK_VAULT_KEY holds only the key already in use, so there is nothing to rotate to. To rotate: make a key with ' +
                '`supportdesk vault generate-key`, set SUPPORTDESK_VAULT_KEY=NEW,OLD on every process, run `supportdesk vault rotate-key`, ' +
                'then set SUPPORTDESK_VAULT_KEY=NEW.',
            );
          }
          say(`vault master key rotated to ${result.toKeyId}: ${result.rewrapped} data keys re-wrapped`);
          if (result.unreadable > 0) say(`warning: ${result.unreadable} secrets could not be opened with the keys held and were left as they are`);
          if (result.source === 'env') say('now set SUPPORTDESK_VAULT_KEY to the new key alone on every process');
          process.stdout.write(`${result.toKeyId}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );

  vault
    .command('generate-key')
    .description('print a new random master key (base64) for SUPPORTDESK_VAULT_KEY; stores nothing')
    .action(() =>
      runCommand(async () => {
        process.stdout.write(`${formatKey(generateMasterKey())}\n`);
      }),
    );

  vault
    .command('status')
    .description('say whether the vault can seal and open secrets, and what is wrong if not (exit code 1 when it cannot)')
    .action(() =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const status = await runtime.deps.vault.status();
          if (!status.available) throw new CliError(`the vault is unavailable (${status.code}): ${status.problem}`);
          process.stdout.write(`available: key ${status.activeKeyId} from ${status.source === 'env' ? 'SUPPORTDESK_VAULT_KEY' : 'the key file'}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
