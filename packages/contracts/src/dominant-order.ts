/**
 * A destination's possible results, least to most dominant (docs/rules/dominant-result.md): the one
 * list of the order. It lives here, below everything, so that the fold in @herald/statistics, the
 * API's schemas and the admin app (which imports only contracts) all read the same list. No zod in
 * this file: the admin app bundles it alone.
 */
export const DOMINANT_ORDER = ['ERROR', 'NO_FEEDBACK', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT'] as const;
