import { SETTINGS } from './config.js';

/** The README's configuration table, made from the settings schema so the two never disagree. */
export function renderConfigTable(): string {
  const rows = Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${s.default ? `\`${s.default}\`` : '(empty)'} | ${s.doc} |`);
  return ['| Variable | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}
