import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.js';

type Kind = 'question' | 'problem' | 'emergency' | 'suggestion' | 'partnership';

/**
 * "Usually answered within N business hours" for a kind, from the median first reply of the last
 * 30 days; nothing at all while there are fewer than 20 first replies (or the figure cannot load:
 * it is context, never in the way).
 */
export function UsuallyWithin({ kind, as: Tag = 'p' }: { kind: Kind; as?: 'p' | 'span' }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | null>(null);
  useEffect(() => {
    let isCurrent = true;
    setHours(null);
    callApi<{ hours: number | null }>('GET', `/api/v1/reports/expectation?kind=${kind}`).then(
      (answer) => isCurrent && setHours(answer.hours),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [kind]);
  if (hours === null) return null;
  return (
    <Tag className="usually-within" data-testid="usually-within">
      {t('reports.usuallyWithin', { count: hours })}
    </Tag>
  );
}
