import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../api/client.js';
import { useAuth } from '../app/auth.js';
import { currentLanguage, LANGUAGES } from '../i18n/index.js';
import { describeError } from './errors.js';

/** EN / RU buttons. The choice is remembered in this browser and, when signed in, saved to the account. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { setLanguage } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const active = currentLanguage();

  async function choose(language: Language) {
    setError(null);
    try {
      await setLanguage(language);
    } catch (err) {
      console.error('Saving the language failed', err);
      setError(err);
    }
  }

  return (
    <div className="language-switcher">
      <div role="group" aria-label={t('language.label')} className="segmented">
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            aria-pressed={language === active}
            title={t(`language.names.${language}`)}
            onClick={() => void choose(language)}
          >
            <span aria-hidden="true">{t(`language.short.${language}`)}</span>
            <span className="visually-hidden">{t(`language.names.${language}`)}</span>
          </button>
        ))}
      </div>
      {error !== null && (
        <p className="alert alert-error language-error" role="alert">
          {t('language.saveFailed', { reason: describeError(t, error) })}
        </p>
      )}
    </div>
  );
}
