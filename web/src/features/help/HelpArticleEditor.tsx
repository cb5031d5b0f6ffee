import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { AgentNav } from '../agent/AgentNav.js';
import { helpApi, type ArticleFields, type ArticleStatus, type HelpArticle, type HelpShelf } from './helpApi.js';

const EMPTY: ArticleFields = { sectionId: '', slug: '', status: 'draft', visibility: 'public', titleEn: '', bodyEn: '', titleRu: '', bodyRu: '' };

/** Writing one article in both languages: preview, publish or archive, revisions and restore. */
export function HelpArticleEditor() {
  const { t } = useTranslation();
  const { id = 'new' } = useParams();
  usePageTitle(t('help.editor.editTitle'));
  const shelves = useResource(() => helpApi.shelves(), []);
  const article = useResource(() => (id === 'new' ? Promise.resolve(null) : helpApi.article(id)), [id]);

  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('help.editor.editTitle')}</h1>
        <Link to="/agent/help">{t('help.editor.backToList')}</Link>
      </header>
      <AgentNav />
      <ErrorAlert error={shelves.error ?? article.error} />
      {shelves.data && article.data !== undefined ? (
        <EditorForm key={article.data?.id ?? 'new'} article={article.data} sections={shelves.data.sections} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

function EditorForm({ article, sections }: { article: HelpArticle | null; sections: HelpShelf[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [fields, setFields] = useState<ArticleFields>(article ? { ...article } : { ...EMPTY, sectionId: sections[0]?.id ?? '' });
  const [error, setError] = useState<unknown>(null);
  // A new article's first save moves to its own address; the notice travels with it.
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [isBusy, setIsBusy] = useState(false);
  const [preview, setPreview] = useState<{ en: string; ru: string } | null>(null);
  const [revisionsKey, setRevisionsKey] = useState(0);
  const set = (changes: Partial<ArticleFields>) => setFields((f) => ({ ...f, ...changes }));

  async function save(status: ArticleStatus) {
    setError(null);
    setNotice(null);
    setIsBusy(true);
    const body = { ...fields, status, slug: fields.slug.trim() || undefined };
    try {
      const saved = article ? await helpApi.updateArticle(article.id, body) : await helpApi.createArticle(body);
      setFields({ ...saved });
      setNotice(t(`help.editor.saved.${status}`));
      setRevisionsKey((k) => k + 1);
      if (!article) navigate(`/agent/help/${saved.id}`, { replace: true, state: { notice: t(`help.editor.saved.${status}`) } });
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  async function showPreview() {
    setError(null);
    try {
      const [en, ru] = await Promise.all([helpApi.preview(fields.bodyEn ?? ''), helpApi.preview(fields.bodyRu ?? '')]);
      setPreview({ en: en.html, ru: ru.html });
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <form className="card panel help-editor" onSubmit={(event) => event.preventDefault()} aria-label={t('help.editor.editTitle')}>
        <p className="muted">
          {t('help.editor.status')}: <strong>{t(`help.status.${fields.status}`)}</strong>
          {article && fields.status === 'published' && (
            <>
              {' · '}
              <a href={article.url} target="_blank" rel="noopener">
                {t('help.editor.openPublic')}
              </a>
            </>
          )}
        </p>
        <div className="field-pair">
          <div className="field">
            <label htmlFor="help-section">{t('help.editor.section')}</label>
            <select id="help-section" value={fields.sectionId} onChange={(event) => set({ sectionId: event.target.value })}>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {i18n.language === 'ru' ? s.titleRu : s.titleEn}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="help-visibility">{t('help.editor.visibility')}</label>
            <select id="help-visibility" value={fields.visibility} onChange={(event) => set({ visibility: event.target.value as ArticleFields['visibility'] })}>
              <option value="public">{t('help.visibility.public')}</option>
              <option value="customers">{t('help.visibility.customers')}</option>
            </select>
          </div>
        </div>
        <Field
          label={t('help.editor.slug')}
          hint={t('help.editor.slugHint')}
          value={fields.slug}
          maxLength={80}
          onChange={(e) => set({ slug: e.target.value })}
        />
        <fieldset className="help-language" lang="en">
          <legend>{t('language.names.en')}</legend>
          <Field label={t('help.editor.titleEn')} value={fields.titleEn ?? ''} maxLength={200} onChange={(e) => set({ titleEn: e.target.value })} />
          <div className="field">
            <label htmlFor="help-body-en">{t('help.editor.bodyEn')}</label>
            <textarea id="help-body-en" rows={12} value={fields.bodyEn ?? ''} onChange={(e) => set({ bodyEn: e.target.value })} />
          </div>
        </fieldset>
        <fieldset className="help-language" lang="ru">
          <legend>{t('language.names.ru')}</legend>
          <Field label={t('help.editor.titleRu')} value={fields.titleRu ?? ''} maxLength={200} onChange={(e) => set({ titleRu: e.target.value })} />
          <div className="field">
            <label htmlFor="help-body-ru">{t('help.editor.bodyRu')}</label>
            <textarea id="help-body-ru" rows={12} value={fields.bodyRu ?? ''} onChange={(e) => set({ bodyRu: e.target.value })} />
          </div>
        </fieldset>
        <p className="field-hint">{t('help.editor.markdownHint')}</p>
        <ErrorAlert error={error} />
        {notice && <Notice>{notice}</Notice>}
        <div className="button-row">
          <button type="button" className="button" disabled={isBusy} onClick={() => void save(fields.status === 'published' ? 'published' : 'draft')}>
            {t('help.editor.save')}
          </button>
          {fields.status !== 'published' && (
            <button type="button" className="button button-primary" disabled={isBusy} onClick={() => void save('published')}>
              {t('help.editor.publish')}
            </button>
          )}
          {fields.status === 'published' && (
            <button type="button" className="button button-quiet" disabled={isBusy} onClick={() => void save('draft')}>
              {t('help.editor.unpublish')}
            </button>
          )}
          {article && fields.status !== 'archived' && (
            <button type="button" className="button button-quiet" disabled={isBusy} onClick={() => void save('archived')}>
              {t('help.editor.archive')}
            </button>
          )}
          <button type="button" className="button button-quiet" onClick={() => void showPreview()}>
            {t('help.editor.preview')}
          </button>
        </div>
      </form>
      {preview && (
        <section className="card panel" aria-labelledby="help-preview-title">
          <h2 id="help-preview-title">{t('help.editor.preview')}</h2>
          <h3>{fields.titleEn}</h3>
          <div className="markdown" lang="en" dangerouslySetInnerHTML={{ __html: preview.en }} />
          <h3>{fields.titleRu}</h3>
          <div className="markdown" lang="ru" dangerouslySetInnerHTML={{ __html: preview.ru }} />
        </section>
      )}
      {article && <Revisions key={revisionsKey} articleId={article.id} onRestored={(restored) => setFields({ ...restored })} />}
    </>
  );
}

function Revisions({ articleId, onRestored }: { articleId: string; onRestored(article: HelpArticle): void }) {
  const { t, i18n } = useTranslation();
  const revisions = useResource(() => helpApi.revisions(articleId), [articleId]);
  const [error, setError] = useState<unknown>(null);

  async function restore(revisionId: string) {
    setError(null);
    try {
      onRestored(await helpApi.restore(articleId, revisionId));
      await revisions.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card panel" aria-labelledby="help-revisions-title">
      <h2 id="help-revisions-title">{t('help.editor.revisions')}</h2>
      <ErrorAlert error={revisions.error ?? error} />
      <ol className="help-revisions">
        {(revisions.data?.items ?? []).map((r, index) => (
          <li key={r.id}>
            {new Date(r.createdAt).toLocaleString(i18n.language)} — {r.authorName ?? t('help.editor.viaApi')} — {r.snapshot.titleEn ?? r.snapshot.titleRu} (
            {t(`help.status.${r.snapshot.status}`)}){' '}
            {index > 0 && (
              <button type="button" className="button-link" onClick={() => void restore(r.id)}>
                {t('help.editor.restore')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
