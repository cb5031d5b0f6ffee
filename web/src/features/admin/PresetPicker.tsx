import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { adminApi, type CalendarFile, type Presets } from './adminApi.js';
import { useLanguage } from './useLanguage.js';

/**
 * Official holidays merged into the draft: the Russian production calendars, or any country's
 * public holidays for a year (`holidays:DE:2026`). Nothing is saved until the admin saves.
 */
export function PresetPicker({
  draft,
  currentYear,
  onApply,
}: {
  draft: CalendarFile;
  currentYear: number;
  onApply: (next: CalendarFile, presetLabel: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ids = { preset: useId(), country: useId(), region: useId(), year: useId() };
  const [presets, setPresets] = useState<Presets | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [presetId, setPresetId] = useState('');
  const [country, setCountry] = useState('');
  const [region, setRegion] = useState('');
  const [year, setYear] = useState(String(currentYear));
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    adminApi.getPresets(language).then(
      (loaded) => {
        if (!isCurrent) return;
        setPresets(loaded);
        setLoadError(null);
        // This year's production calendar first, when there is one.
        const fallback = loaded.presets.find((preset) => preset.id.endsWith(`-${currentYear}`)) ?? loaded.presets[loaded.presets.length - 1];
        setPresetId((current) => current || (fallback?.id ?? ''));
      },
      (err: unknown) => isCurrent && setLoadError(err),
    );
    return () => {
      isCurrent = false;
    };
  }, [language, currentYear]);

  const selectedNote = presets?.presets.find((p) => p.id === presetId)?.note?.[language];
  const countries = useMemo(() => Object.entries(presets?.countries ?? {}).sort(([, a], [, b]) => a.localeCompare(b, language)), [presets, language]);

  async function apply(id: string, label: string) {
    setError(null);
    setIsBusy(true);
    try {
      onApply(await adminApi.applyPreset({ presetId: id, calendar: draft }), label);
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  function applyProduction(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const preset = presets?.presets.find((p) => p.id === presetId);
    if (preset) void apply(preset.id, preset.labels[language]);
  }

  function applyCountry(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!country) return;
    const place = region.trim() ? `${country}-${region.trim().toUpperCase()}` : country;
    const name = presets?.countries[country] ?? country;
    void apply(
      `holidays:${place}:${year.trim()}`,
      t('admin.presets.countryLabel', { country: region.trim() ? `${name} (${region.trim().toUpperCase()})` : name, year: year.trim() }),
    );
  }

  return (
    <section className="card panel" aria-labelledby="presets-title">
      <h2 id="presets-title">{t('admin.presets.title')}</h2>
      <p className="muted">{t('admin.presets.intro')}</p>
      <ErrorAlert error={loadError} />
      <form className="inline-form" onSubmit={applyProduction} noValidate>
        <div className="field">
          <label htmlFor={ids.preset}>{t('admin.presets.production')}</label>
          <select id={ids.preset} value={presetId} onChange={(event) => setPresetId(event.target.value)} disabled={!presets}>
            {presets?.presets.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.labels[language]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-quiet" disabled={!presets || isBusy}>
          {t('admin.presets.applyProduction')}
        </button>
      </form>
      {selectedNote && (
        <p className="alert alert-warning" data-testid="preset-note">
          <strong>{t('admin.presets.noteTitle')}:</strong> {selectedNote}
        </p>
      )}
      <form onSubmit={applyCountry} noValidate>
        <fieldset className="plain-fieldset">
          <legend>{presets ? presets.generic.labels[language] : t('admin.presets.country')}</legend>
          <div className="preset-country">
            <div className="field">
              <label htmlFor={ids.country}>{t('admin.presets.country')}</label>
              <select id={ids.country} value={country} onChange={(event) => setCountry(event.target.value)} disabled={!presets}>
                <option value="">{t('admin.presets.chooseCountry')}</option>
                {countries.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.region}>{t('admin.presets.region')}</label>
              <input
                id={ids.region}
                value={region}
                maxLength={10}
                autoComplete="off"
                aria-describedby={`${ids.region}-hint`}
                onChange={(event) => setRegion(event.target.value)}
              />
              <p className="field-hint" id={`${ids.region}-hint`}>
                {t('admin.presets.regionHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={ids.year}>{t('admin.presets.year')}</label>
              <input id={ids.year} type="number" inputMode="numeric" min={1970} max={2100} value={year} onChange={(event) => setYear(event.target.value)} />
            </div>
          </div>
          <button type="submit" className="button button-quiet" disabled={!presets || !country || isBusy}>
            {t('admin.presets.applyCountry')}
          </button>
        </fieldset>
      </form>
      <ErrorAlert error={error} />
    </section>
  );
}
