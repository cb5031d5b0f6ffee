import type { ReactNode } from 'react';

/** The narrow centred card every sign-in page uses; holds the page's one h1. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="auth-page">
      <section className="card auth-card" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        {intro && <p className="intro">{intro}</p>}
        {children}
      </section>
    </div>
  );
}
