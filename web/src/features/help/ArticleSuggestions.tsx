import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/client.js';
import { helpApi, type HelpHit } from './helpApi.js';

const DEBOUNCE_MS = 400;
const MIN_CHARS = 3;

/**
 * Help articles matching the subject being typed on the new-request form (at most five). One search
 * per pause in typing, none for a query already asked. Opening one is reported; leaving the form
 * afterwards without sending counts as a request avoided (`isSending`: the form is sending, so an
 * unmount then is a sent request, not a departure).
 */
export function ArticleSuggestions({ subject, isSending }: { subject: string; isSending: boolean }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'ru' ? 'ru' : 'en';
  const [hits, setHits] = useState<HelpHit[]>([]);
  const asked = useRef('');
  const visitId = useRef<string>(crypto.randomUUID());
  const hasOpened = useRef(false);
  const isSendingRef = useRef(isSending);
  isSendingRef.current = isSending;

  useEffect(() => {
    const query = subject.trim();
    if (query.length < MIN_CHARS) {
      asked.current = '';
      setHits([]);
      return;
    }
    if (query === asked.current) return;
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      asked.current = query;
      helpApi.search(query, language, { match: 'any' }).then(
        (result) => isCurrent && setHits(result.items),
        () => isCurrent && setHits([]), // suggestions are a help, never an error on the form
      );
    }, DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [subject, language]);

  useEffect(() => {
    const leave = () => {
      if (hasOpened.current && !isSendingRef.current) {
        hasOpened.current = false; // reported once
        helpApi.reportLeftOnLeave(visitId.current);
      }
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  if (hits.length === 0) return null;
  return (
    <aside className="help-suggestions alert alert-info" aria-labelledby="help-suggestions-title" aria-live="polite">
      <h3 id="help-suggestions-title">{t('help.suggestions.title')}</h3>
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>
            <a
              href={`${hit.url}?lang=${language}`}
              target="_blank"
              rel="noopener"
              lang={hit.language}
              onClick={() => {
                hasOpened.current = true;
                void helpApi.reportOpened(visitId.current, hit.id).catch(() => undefined);
              }}
            >
              {hit.title}
            </a>
            {hit.isFallback && <span className="muted"> ({t(`language.names.${hit.language}`)})</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
