import type { ComponentChildren } from 'preact';

export interface PageHeaderProps {
  title: string;
  tagline: ComponentChildren;
  /** Links to other pages or sections, with the label screen readers announce for them. */
  nav?: { label: string; links: { href: string; text: string }[] };
}

/** The header every full Recital page starts with: logo, title, one line of purpose, links. */
export function PageHeader({ title, tagline, nav }: PageHeaderProps) {
  return (
    <header class="recital-header">
      <div class="recital-header__inner">
        <h1 class="recital-header__title">
          <img
            class="recital-header__logo"
            src="/icons/icon-48.png"
            alt=""
            width={32}
            height={32}
          />
          {title}
        </h1>
        <p class="recital-header__tagline">{tagline}</p>
        {nav && (
          <nav aria-label={nav.label} class="recital-header__nav">
            {nav.links.map((link) => (
              <a key={link.href} href={link.href}>
                {link.text}
              </a>
            ))}
          </nav>
        )}
      </div>
    </header>
  );
}
