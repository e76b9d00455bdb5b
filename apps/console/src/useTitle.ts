import { useEffect } from 'react';

/** The tab's title names the page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Contact Center`;
  }, [title]);
}
