import type { DbOrTrx } from '../../db/database.js';
import { createSettingsRepository } from '../settings/settings.repository.js';

export const WEBHOOK_SETTINGS_KEY = 'webhooks';

export interface WebhookSettings {
  /** Whether webhooks may point at private, loopback and link-local addresses (tests, on-premise receivers). */
  allowPrivateTargets: boolean;
}

export async function readWebhookSettings({ db }: { db: DbOrTrx }): Promise<WebhookSettings> {
  const stored = await createSettingsRepository({ db }).read<Partial<WebhookSettings>>({ key: WEBHOOK_SETTINGS_KEY });
  return { allowPrivateTargets: stored?.allowPrivateTargets === true };
}
