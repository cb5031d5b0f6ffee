import { Command } from 'commander';
import { registerAccountsCommands } from './accounts.commands.js';
import { registerCalendarCommands } from './calendar.commands.js';
import { registerDemoCommand } from './demo.commands.js';
import { registerHelpCommands } from './help.commands.js';
import { registerLicensesCommands } from './licenses.commands.js';
import { registerMailCommands } from './mail.commands.js';
import { registerServerCommands } from './server.commands.js';
import { registerTokensCommands } from './tokens.commands.js';
import { registerVaultCommands } from './vault.commands.js';
import { registerReportsCommands } from './reports.commands.js';

/** The `supportdesk` command line: every command calls the same use cases as the API. */
export function buildCli(): Command {
  const program = new Command('supportdesk').description('Supportdesk: a license-aware helpdesk').showHelpAfterError();
  registerServerCommands(program);
  registerAccountsCommands(program);
  registerTokensCommands(program);
  registerCalendarCommands(program);
  registerLicensesCommands(program);
  registerMailCommands(program);
  registerDemoCommand(program);
  registerVaultCommands(program);
  registerHelpCommands(program);
  registerReportsCommands(program);
  return program;
}
