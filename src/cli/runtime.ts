import { configSecrets, loadConfig } from '../config/config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createLogger } from '../shared/logger.js';

/** A runtime for one CLI command: logs go to stderr so stdout carries only the result. */
export async function openCliRuntime(): Promise<Runtime> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, destination: process.stderr, secrets: configSecrets(config) });
  return openRuntime({ config, logger });
}
