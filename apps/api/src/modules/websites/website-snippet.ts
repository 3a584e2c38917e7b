import { VISIT_PARAMETER } from '@herald/domain';

/** Where the snippet's script and beacon live, beside the tracking endpoints. */
export const SNIPPET_PATH = '/t/s.js';
export const PAGE_VIEW_PATH = '/t/v';

/**
 * The script every page of a website loads: it reports the page, its referrer, a first-party visitor
 * id kept in localStorage and a mailing link's visit token (`hv`, kept for the rest of the visit in
 * sessionStorage), as an image request, which needs no CORS and works wherever images load.
 */
export const SNIPPET_SCRIPT = `(function () {
  var script = document.currentScript;
  var key = script && script.getAttribute('data-site');
  if (!key) return;
  var base = script.src.slice(0, script.src.indexOf('${SNIPPET_PATH}'));
  var visit = new URLSearchParams(location.search).get('${VISIT_PARAMETER}');
  var visitor = null;
  try {
    if (visit) sessionStorage.setItem('herald_visit', visit);
    else visit = sessionStorage.getItem('herald_visit');
    visitor = localStorage.getItem('herald_visitor');
    if (!visitor) {
      visitor = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now()).replace(/-/g, '');
      localStorage.setItem('herald_visitor', visitor);
    }
  } catch (e) {}
  var query = new URLSearchParams({ k: key, u: location.href, r: document.referrer });
  if (visitor) query.set('v', visitor);
  if (visit) query.set('h', visit);
  new Image(1, 1).src = base + '${PAGE_VIEW_PATH}?' + query.toString();
})();
`;

/** The HTML a site puts on its pages: the script, and the pixel for browsers that run none. */
export function websiteSnippet(publicUrl: string, publicKey: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return (
    `<script async src="${base}${SNIPPET_PATH}" data-site="${publicKey}"></script>\n` +
    `<noscript><img src="${base}${PAGE_VIEW_PATH}?k=${publicKey}" width="1" height="1" alt=""></noscript>`
  );
}
