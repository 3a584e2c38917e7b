import type { MailingStatus } from '@herald/contracts';

interface MailingLike {
  id: number;
  status: MailingStatus;
  createdAt: string;
  queuedAt: string | null;
  finishedAt: string | null;
}

export interface HomeSummary<M extends MailingLike> {
  /** Queued or going out right now. */
  sending: M[];
  /** Scheduled, soonest-created first (the API does not say when yet). */
  scheduled: M[];
  /** Sent, most recently finished first. */
  recent: M[];
}

const time = (value: string | null) => (value ? new Date(value).getTime() : 0);

/** Splits the mailings list into what the home page shows: what sends now, what is next, and the last ones sent. */
export function summariseMailings<M extends MailingLike>(mailings: readonly M[], recentCount = 5): HomeSummary<M> {
  return {
    sending: mailings
      .filter((mailing) => mailing.status === 'QUEUED' || mailing.status === 'SENDING')
      .sort((a, b) => time(a.queuedAt) - time(b.queuedAt)),
    scheduled: mailings
      .filter((mailing) => mailing.status === 'SCHEDULED')
      .sort((a, b) => time(a.createdAt) - time(b.createdAt)),
    recent: mailings
      .filter((mailing) => mailing.status === 'SENT')
      .sort((a, b) => time(b.finishedAt) - time(a.finishedAt))
      .slice(0, recentCount),
  };
}

export interface NextStep {
  key: 'database' | 'import' | 'document' | 'mailing';
  label: string;
  description: string;
  to: string;
  done: boolean;
}

/** The first things a new account does, in order, each ticked off once done. */
export function nextSteps(state: {
  databases: readonly { id: number; profileCount: number }[];
  documentCount: number;
  mailingCount: number;
}): NextStep[] {
  const first = state.databases[0];
  return [
    {
      key: 'database',
      label: 'Create a database',
      description: 'A database holds your profiles and the fields they have (city, first name…).',
      to: '/databases',
      done: state.databases.length > 0,
    },
    {
      key: 'import',
      label: 'Import your profiles',
      description: 'Upload a CSV file; its columns map onto the database’s fields.',
      to: first ? `/databases/${first.id}/import` : '/databases',
      done: state.databases.some((database) => database.profileCount > 0),
    },
    {
      key: 'document',
      label: 'Write a document',
      description: 'The content a mailing sends: sender, subject and HTML.',
      to: '/mailings/documents/new',
      done: state.documentCount > 0,
    },
    {
      key: 'mailing',
      label: 'Send a mailing',
      description: 'Send the document to a database or a selection of it, and follow its report.',
      to: '/mailings/new',
      done: state.mailingCount > 0,
    },
  ];
}
