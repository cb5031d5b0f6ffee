import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { AgentNav } from '../agent/AgentNav.js';
import { helpApi } from './helpApi.js';

/** The help center's articles for staff: every status, newest change first; shelves to put them on. */
export function HelpListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('help.editor.listTitle'));
  const articles = useResource(() => helpApi.articles(), []);
  const shelves = useResource(() => helpApi.shelves(), []);
  const ru = i18n.language === 'ru';

  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('help.editor.listTitle')}</h1>
        <a href="/help" target="_blank" rel="noopener">
          {t('help.editor.openPublic')}
        </a>
      </header>
      <AgentNav />
      <ErrorAlert error={articles.error ?? shelves.error} />
      {!articles.data || !shelves.data ? (
        <Loading />
      ) : (
        <>
          <section className="card panel" aria-labelledby="help-articles-title">
            <h2 id="help-articles-title">{t('help.editor.articles')}</h2>
            {shelves.data.sections.length > 0 ? (
              <p>
                <Link className="button button-primary" to="/agent/help/new">
                  {t('help.editor.newArticle')}
                </Link>
              </p>
            ) : (
              <p className="muted">{t('help.editor.needSection')}</p>
            )}
            {articles.data.items.length === 0 ? (
              <p className="muted">{t('help.editor.noArticles')}</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('help.editor.title')}</th>
                    <th>{t('help.editor.status')}</th>
                    <th>{t('help.editor.languages')}</th>
                    <th>{t('help.editor.views')}</th>
                  </tr>
                </thead>
                <tbody>
                  {articles.data.items.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/agent/help/${a.id}`}>{(ru ? (a.titleRu ?? a.titleEn) : (a.titleEn ?? a.titleRu)) ?? a.slug}</Link>
                      </td>
                      <td>{t(`help.status.${a.status}`)}</td>
                      <td>{[a.titleEn && 'EN', a.titleRu && 'RU'].filter(Boolean).join(' · ')}</td>
                      <td>{a.views}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <ShelfForm onCreated={() => void shelves.reload()} categories={shelves.data.categories} />
        </>
      )}
    </div>
  );
}

/** Adds a category and a section in it (articles live in sections). */
function ShelfForm({ categories, onCreated }: { categories: { id: string; titleEn: string; titleRu: string }[]; onCreated(): void }) {
  const { t, i18n } = useTranslation();
  const [categoryId, setCategoryId] = useState(categories[0]?.id ?? '');
  const [categoryEn, setCategoryEn] = useState('');
  const [categoryRu, setCategoryRu] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [titleRu, setTitleRu] = useState('');
  const [error, setError] = useState<unknown>(null);
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || `s-${Date.now().toString(36)}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      let category = categoryId;
      if (!category) category = (await helpApi.createCategory({ slug: slug(categoryEn), titleEn: categoryEn, titleRu: categoryRu })).id;
      await helpApi.createSection({ categoryId: category, slug: slug(titleEn), titleEn, titleRu });
      setTitleEn('');
      setTitleRu('');
      setCategoryId(category);
      onCreated();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="card panel" onSubmit={(event) => void submit(event)} aria-labelledby="help-shelf-title">
      <h2 id="help-shelf-title">{t('help.editor.newSection')}</h2>
      <div className="field">
        <label htmlFor="help-category">{t('help.editor.category')}</label>
        <select id="help-category" value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {i18n.language === 'ru' ? c.titleRu : c.titleEn}
            </option>
          ))}
          <option value="">{t('help.editor.newCategory')}</option>
        </select>
      </div>
      {categoryId === '' && (
        <div className="field-pair">
          <Field label={t('help.editor.categoryEn')} value={categoryEn} onChange={(e) => setCategoryEn(e.target.value)} required maxLength={200} />
          <Field label={t('help.editor.categoryRu')} value={categoryRu} onChange={(e) => setCategoryRu(e.target.value)} required maxLength={200} />
        </div>
      )}
      <div className="field-pair">
        <Field label={t('help.editor.sectionEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} required maxLength={200} />
        <Field label={t('help.editor.sectionRu')} value={titleRu} onChange={(e) => setTitleRu(e.target.value)} required maxLength={200} />
      </div>
      <ErrorAlert error={error} />
      <button type="submit" className="button">
        {t('help.editor.addSection')}
      </button>
    </form>
  );
}
