// The help center's stylesheet, served as /help/help.css (no inline styles or scripts, so the strict
// CSP holds). The tokens are the web app's (web/src/styles.css); help.pages.test.ts keeps them equal.
export const HELP_TOKENS = `:root {
  --bg: #f4f5f7;
  --surface: #ffffff;
  --text: #1b1f24;
  --muted: #545d69;
  --border: #d0d5dc;
  --accent: #1d4ed8;
  --accent-hover: #1e40af;
  --accent-text: #ffffff;
  --accent-soft: #e8eefc;
  --danger: #b42318;
  --danger-soft: #fdecea;
  --info: #1e4f8a;
  --info-soft: #e7f0fb;
  --focus: #1d4ed8;
  --radius: 8px;
  /* One container for the header and every page (issue 12: the workspace body lined up with the header). */
  --container-width: 80rem;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 1px 3px rgb(16 24 40 / 8%);
  --font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif;

  color-scheme: light dark;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418;
    --surface: #1a1f25;
    --text: #e7eaee;
    --muted: #a4adb8;
    --border: #38414b;
    --accent: #7aa2ff;
    --accent-hover: #9bb9ff;
    --accent-text: #0b1220;
    --accent-soft: #1d2a45;
    --danger: #ff8a80;
    --danger-soft: #3a1d1b;
    --info: #9cc3f5;
    --info-soft: #172638;
    --focus: #9bb9ff;
    --shadow: none;
  }
}`;

export const HELP_CSS = `${HELP_TOKENS}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font-family: var(--font); line-height: 1.55; }
a { color: var(--accent); }
a:hover { color: var(--accent-hover); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.top { background: var(--surface); border-bottom: 1px solid var(--border); }
.top-inner, main, .foot { max-width: 60rem; margin: 0 auto; padding: 0.75rem 1rem; }
.top-inner { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.brand { font-weight: 700; color: var(--text); text-decoration: none; margin-right: auto; }
.search { display: flex; gap: 0.5rem; margin: 1rem 0; }
.search input { flex: 1; font: inherit; padding: 0.5rem 0.75rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); color: var(--text); }
button, .button { font: inherit; padding: 0.5rem 1rem; border-radius: var(--radius); border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text); cursor: pointer; text-decoration: none; }
button.secondary { background: var(--surface); color: var(--accent); }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1rem 1.25rem; margin: 1rem 0; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.muted, .crumbs { color: var(--muted); font-size: 0.9rem; }
.note { background: var(--info-soft); color: var(--info); border-radius: var(--radius); padding: 0.5rem 0.75rem; }
.hits { list-style: none; padding: 0; }
.hits li { margin: 0 0 1rem; }
article pre { background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); padding: 0.75rem; overflow-x: auto; }
article code { font-size: 0.92em; }
article img { max-width: 100%; height: auto; }
article table { border-collapse: collapse; }
article th, article td { border: 1px solid var(--border); padding: 0.25rem 0.5rem; }
.feedback textarea { width: 100%; font: inherit; min-height: 4rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); color: var(--text); padding: 0.5rem; }
.feedback fieldset { border: 0; padding: 0; margin: 0 0 0.75rem; display: flex; gap: 1rem; }
.lang { display: flex; gap: 0.5rem; }
`;
