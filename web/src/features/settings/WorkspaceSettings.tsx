import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';

interface WorkspaceSettingsValue {
  replyTakesTicket: boolean;
}

const workspaceApi = {
  read: () => callApi<WorkspaceSettingsValue>('GET', '/api/v1/settings/workspace'),
  write: (value: WorkspaceSettingsValue) => callApi<WorkspaceSettingsValue>('PUT', '/api/v1/settings/workspace', value),
};

/** Admins: how the agent workspace behaves for everyone (a reply takes an unassigned ticket). */
export function WorkspaceSettings() {
  const { t } = useTranslation();
  const settings = useResource(() => workspaceApi.read(), []);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card panel" aria-labelledby="workspace-settings-title">
      <h2 id="workspace-settings-title">{t('settings.workspace.title')}</h2>
      <ResourceView resource={settings}>
        {(value) => (
          <div className="field field-checkbox">
            <input
              id="workspace-reply-takes"
              type="checkbox"
              checked={value.replyTakesTicket}
              aria-describedby="workspace-reply-takes-hint"
              onChange={(event) => {
                setError(null);
                workspaceApi.write({ ...value, replyTakesTicket: event.target.checked }).then(
                  () => void settings.reload(),
                  (err: unknown) => setError(err),
                );
              }}
            />
            <label htmlFor="workspace-reply-takes">{t('settings.workspace.replyTakes')}</label>
            <p className="field-hint field-checkbox-hint" id="workspace-reply-takes-hint">
              {t('settings.workspace.replyTakesHint')}
            </p>
          </div>
        )}
      </ResourceView>
      <ErrorAlert error={error} />
    </section>
  );
}
