import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Language } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { peopleApi, ticketsApi } from '../tickets/api.js';
import { helpApi, type HelpHit } from './helpApi.js';

const DEBOUNCE_MS = 350;

/** The ticket customer's language, asked once when the picker is first used. */
async function customerLanguageOf(ticketId: string): Promise<{ language: Language; lastReplyId: string | null }> {
  const detail = await ticketsApi.get(ticketId);
  const profile = await peopleApi.customer(detail.customer.id);
  const replies = detail.messages.filter((m) => m.authorRole === 'agent' && !m.internal);
  return { language: profile.user.language === 'ru' ? 'ru' : 'en', lastReplyId: replies.at(-1)?.id ?? null };
}

/**
 * In the agent's composer: search help articles and insert a link in the customer's language, or
 * start a draft article from the last public reply. Closed until asked for, so it costs no requests.
 */
export function HelpLinkPicker({ ticketId, onInsert }: { ticketId: string; onInsert(text: string): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inputId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<HelpHit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const context = useRef<Promise<{ language: Language; lastReplyId: string | null }> | null>(null);
  const loadContext = () => {
    context.current ??= customerLanguageOf(ticketId);
    return context.current;
  };

  useEffect(() => {
    const q = query.trim();
    if (!isOpen || q.length < 2) return setHits([]);
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      loadContext()
        .then(({ language }) => helpApi.search(q, language, { limit: 8 }))
        .then(
          (result) => isCurrent && setHits(result.items),
          (err: unknown) => isCurrent && setError(err),
        );
    }, DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
    // loadContext reads a ref: only the query and the panel's state start a search.
  }, [query, isOpen]);

  async function makeDraft() {
    setError(null);
    setNote(null);
    try {
      const { lastReplyId } = await loadContext();
      const shelves = await helpApi.shelves();
      const section = shelves.sections[0];
      if (!lastReplyId || !section) return setNote(t(lastReplyId ? 'help.composer.noSection' : 'help.composer.noReply'));
      const draft = await helpApi.draftFromReply(lastReplyId, section.id);
      navigate(`/agent/help/${draft.id}`);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <details className="help-link-picker" onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary>{t('help.composer.open')}</summary>
      <div className="field">
        <label htmlFor={inputId}>{t('help.composer.search')}</label>
        <input id={inputId} type="search" value={query} maxLength={200} onChange={(event) => setQuery(event.target.value)} />
      </div>
      {hits.length > 0 && (
        <ul className="help-link-hits">
          {hits.map((hit) => (
            <li key={hit.id}>
              <span lang={hit.language}>{hit.title}</span>{' '}
              <button
                type="button"
                className="button button-quiet"
                onClick={() => onInsert(`[${hit.title}](${window.location.origin}${hit.url}?lang=${hit.language})`)}
              >
                {t('help.composer.insert')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button-link" onClick={() => void makeDraft()}>
        {t('help.composer.makeArticle')}
      </button>
      {note && (
        <p className="alert alert-info" role="status">
          {note}
        </p>
      )}
      <ErrorAlert error={error} />
    </details>
  );
}
