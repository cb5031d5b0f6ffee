import type { DbOrTrx } from '../../db/database.js';
import { createSettingsRepository } from './settings.repository.js';

/** How the agent workspace behaves for everyone (admins edit it). */
export interface WorkspaceSettings {
  /** A public reply on an unassigned ticket assigns it to the agent who replied. */
  replyTakesTicket: boolean;
}

export const WORKSPACE_SETTING = 'workspace';

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { replyTakesTicket: true };

export async function readWorkspaceSettings({ db }: { db: DbOrTrx }): Promise<WorkspaceSettings> {
  const stored = await createSettingsRepository({ db }).read<Partial<WorkspaceSettings>>({ key: WORKSPACE_SETTING });
  return { ...DEFAULT_WORKSPACE_SETTINGS, ...stored };
}
