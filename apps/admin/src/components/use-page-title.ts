import { useEffect } from 'react';

const APP_NAME = 'Herald';

/** Sets the browser tab's title to "<page> · Herald", so tabs, history and screen readers name the page. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    if (!title) return;
    document.title = `${title} · ${APP_NAME}`;
    return () => {
      document.title = APP_NAME;
    };
  }, [title]);
}
