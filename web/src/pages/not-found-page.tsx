import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="page not-found" aria-labelledby="page-title" data-testid="not-found">
      <title>Page not found · Veza</title>
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="page-title">Page not found</h1>
      <p className="lead">
        Nothing lives at <code>{pathname}</code>. It may have moved, or the link may be mistyped.
      </p>
      <Link className="button" to="/">
        Go to home
      </Link>
    </section>
  );
}
