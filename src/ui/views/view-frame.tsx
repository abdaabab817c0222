import type { ReactNode } from 'react';

/** The frame every view shares: a title, a one-line purpose, and its content. */
export function ViewFrame({ title, purpose, children }: { title: string; purpose: string; children?: ReactNode }) {
  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">{title}</h1>
      <p className="purpose">{purpose}</p>
      {children}
    </section>
  );
}
