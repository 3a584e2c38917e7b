import type { TrackedFigure } from './key-figures';

/** A link's counters: every click on it (machines included), people's unique clicks, and machines' clicks. */
export interface LinkCounters {
  clicksTotal: number;
  clicksUnique: number;
  clicksMachine: number;
}

/**
 * The clicks of one link, split as the mailing's clicks are (clicksOf): people first, machines (link
 * scanners) apart, so a link's people's clicks add up to the mailing's over all links.
 */
export function linkClicksOf(link: LinkCounters): TrackedFigure {
  const human = link.clicksTotal - link.clicksMachine;
  return { human, machine: link.clicksMachine, total: link.clicksTotal, unique: link.clicksUnique };
}
