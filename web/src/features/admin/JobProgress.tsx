import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { adminApi, type Job } from './adminApi.js';

const POLL_MS = 1000;

function isFinished(job: Job | null): boolean {
  return job?.status === 'done' || job?.status === 'failed';
}

/**
 * The background recompute a saved change started: polled every second until it is done or has
 * failed, shown as a progress bar and words ("Recomputed reply-due times of 3 waiting tickets").
 */
export function JobProgress({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const next = await adminApi.getJob(jobId);
        if (!isCurrent) return;
        setJob(next);
        setError(null);
        if (isFinished(next)) return;
      } catch (err) {
        if (!isCurrent) return;
        setError(err);
        // A refusal or a missing job will not change by asking again; a dropped connection may.
        if (isApiError(err) && err.status >= 400 && err.status < 500) return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    }
    void poll();
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [jobId]);

  const progress = job?.progress ?? null;
  const text =
    job === null
      ? t('admin.job.starting')
      : job.status === 'done'
        ? t('admin.job.done', { count: progress?.total ?? 0 })
        : job.status === 'failed'
          ? t('admin.job.failed', { reason: job.lastError ?? '' })
          : job.status === 'queued'
            ? t('admin.job.queued')
            : progress && progress.total > 0
              ? t('admin.job.running', { done: progress.done, total: progress.total })
              : t('admin.job.starting');

  return (
    <div className={`job-progress job-${job?.status ?? 'queued'}`}>
      <p role="status" className="job-text">
        {text}
      </p>
      {!isFinished(job) && (
        <progress aria-label={t('admin.job.label')} {...(progress && progress.total > 0 ? { value: progress.done, max: progress.total } : {})} />
      )}
      <ErrorAlert error={error} />
    </div>
  );
}
