import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useResource } from '../../components/useResource.js';
import { agentsApi, isMissingRoute } from '../tickets/api.js';

/** "I take new tickets": whether round robin may assign this agent new tickets. */
export function AvailabilityToggle() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const id = useId();
  const agents = useResource(() => agentsApi.list(), []);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  if (agents.error && isMissingRoute(agents.error)) return null; // a server without round robin: nothing to choose
  if (agents.error) return <ErrorAlert error={agents.error} />;
  const me = agents.data?.items.find((agent) => agent.id === user?.id);
  if (!me) return null;
  const isAvailable = saved ?? me.available;

  async function change(available: boolean) {
    setError(null);
    setIsBusy(true);
    try {
      setSaved((await agentsApi.setAvailability(available)).available);
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="availability">
      <div className="field-checkbox">
        <input id={id} type="checkbox" checked={isAvailable} disabled={isBusy} onChange={(event) => void change(event.target.checked)} />
        <label htmlFor={id}>{t('workspace.availability.label')}</label>
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
