import type { AppDeps } from '../../deps.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { pickLanguage } from '../accounts/accounts.models.js';
import { confirmedResponse, confirmSuggestionBody, submitSuggestionBody, submittedResponse } from './suggestions.schemas.js';

const tags = ['suggestions'];

/** The public suggestion and partnership form behind `/suggest`: no account needed to send. */
export function registerSuggestionsRoutes(app: AppInstance, { suggestions }: Pick<AppDeps, 'suggestions'>): void {
  app.post('/api/v1/suggestions', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Send a suggestion or partnership request without an account; mails a link that confirms the address',
      body: submitSuggestionBody,
      response: { 202: submittedResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { language, website, ...rest } = request.body;
      await suggestions.submit({
        ...rest,
        language: language ?? pickLanguage(request.headers['accept-language']),
        honeypot: website,
        ip: request.ip ?? null,
      });
      return reply.code(202).send({ status: 'confirmation_sent' as const });
    },
  });

  app.post('/api/v1/suggestions/confirm', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: "Confirm the address from the mailed link: opens the ticket in that address's account (made if needed)",
      body: confirmSuggestionBody,
      response: { 201: confirmedResponse, ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await suggestions.confirm({ token: request.body.token })),
  });
}
