import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * Keeps an unsaved draft from being lost by accident: leaving for another page in the app asks
 * first (here, in the page, so it works by keyboard and screen reader), and closing or reloading
 * the tab gets the browser's own question.
 */
export function LeaveGuard({ isDirty }: { isDirty: boolean }) {
  const { t } = useTranslation();
  const stayRef = useRef<HTMLButtonElement>(null);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  useEffect(() => {
    if (blocker.state === 'blocked') stayRef.current?.focus();
  }, [blocker.state]);

  if (blocker.state !== 'blocked') return null;
  return (
    <div className="alert alert-error leave-guard" role="alert">
      <p>{t('admin.calendar.leaveQuestion')}</p>
      <div className="actions-buttons">
        <button ref={stayRef} type="button" className="button button-quiet" onClick={() => blocker.reset()}>
          {t('admin.calendar.stay')}
        </button>
        <button type="button" className="button button-danger" onClick={() => blocker.proceed()}>
          {t('admin.calendar.leave')}
        </button>
      </div>
    </div>
  );
}
