import { defineError } from '../../shared/errors.js';

export const reportsErrors = {
  badPeriod: defineError('reports.bad_period', 400, 'Give a preset or both dates, with the start on or before the end.'),
  periodTooLong: defineError('reports.period_too_long', 400, 'A report covers at most 366 days.'),
};
