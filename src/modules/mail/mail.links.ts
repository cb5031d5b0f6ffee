/** The web app's pages that mails link to, in one place so a moved page changes one line. */
export function createMailLinks(publicUrl: string) {
  return {
    customerTicket: (ticketId: string) => `${publicUrl}/account/tickets/${ticketId}`,
    agentTicket: (ticketId: string) => `${publicUrl}/agent/tickets/${ticketId}`,
    rating: (ticketId: string) => `${publicUrl}/account/tickets/${ticketId}#rating`,
    preferences: () => `${publicUrl}/settings#notifications`,
    account: () => `${publicUrl}/account`,
    signUp: () => `${publicUrl}/sign-up`,
  };
}
export type MailLinks = ReturnType<typeof createMailLinks>;
