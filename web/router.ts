import { useEffect, useState } from 'react';

/** The current route: the URL fragment without `#`, split in segments (`#/runs/abc` -> ['runs', 'abc']). */
export interface Route {
  path: string;
  segments: string[];
  query: URLSearchParams;
}

function current(): Route {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path, segments: path.split('/').filter(Boolean), query: new URLSearchParams(search) };
}

/** The route, re-rendered on every fragment change (the app routes in the fragment: no server fallback). */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Goes to an app path such as `/runs/abc`. */
export function navigate(path: string): void {
  window.location.hash = path;
}

/** The href of an app path, for links. */
export function href(path: string): string {
  return `#${path}`;
}
