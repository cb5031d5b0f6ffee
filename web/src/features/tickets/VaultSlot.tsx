import { VaultPanel } from '../vault/VaultPanel.js';

/**
 * The emergency-access vault (R7, web/src/features/vault/) on both ticket pages, the customer's and
 * the agent's, where its panel belongs.
 */
export function VaultSlot({ ticketId }: { ticketId: string }) {
  return <VaultPanel ticketId={ticketId} />;
}
