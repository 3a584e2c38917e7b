import type { Template } from 'liquidjs';
import type { LinkSlot } from './liquid-engine';
import type { SubstitutionPlan } from './substitution-plan';

/** An email document as marketers write it: every field may hold Liquid. */
export interface EmailDocument {
  fromName?: string | null;
  fromAddress: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text?: string | null;
}

export type EmailDocumentPart = 'fromName' | 'fromAddress' | 'replyTo' | 'subject' | 'html' | 'text';

export interface CompileEmailDocumentOptions {
  /** Rewrite links and add the open pixel (a message can still opt out, see `MessageContext`). */
  trackingEnabled: boolean;
}

/** One `<a href>` of the document, for the Link table; equal URLs share one position. */
export interface DocumentLink {
  position: number;
  /** The URL as written (Liquid included for personalised links). */
  url: string;
  isUnsubscribe: boolean;
}

/** A part that is either a plain string or a parsed template, so static parts cost nothing per message. */
export type CompiledPart =
  { kind: 'static'; value: string } | { kind: 'template'; templates: Template[]; plan: SubstitutionPlan | null };

/** Everything `renderEmailMessage` needs, prepared once per mailing. Treat as opaque. */
export interface CompiledEmailDocument {
  readonly trackingEnabled: boolean;
  readonly fromName: CompiledPart | null;
  readonly fromAddress: CompiledPart;
  readonly replyTo: CompiledPart | null;
  readonly subject: CompiledPart;
  /** Inlined HTML with links as `__herald_link` tags and the open pixel tag before `</body>`; CRLF line ends, as SMTP sends them. */
  readonly html: Template[];
  /** The author's text part, or one derived from the HTML at compile time. */
  readonly text: Template[] | null;
  /** Plans for html and text when their Liquid is only substitution (see substitution-plan.ts). */
  readonly htmlPlan: SubstitutionPlan | null;
  readonly textPlan: SubstitutionPlan | null;
  readonly linkSlots: readonly LinkSlot[];
  /** Whether any part reads `webversion`, so messages of documents that do not skip signing it. */
  readonly readsWebversion: boolean;
  readonly links: readonly DocumentLink[];
}

export interface CompiledEmailDocumentResult {
  compiled: CompiledEmailDocument;
  links: DocumentLink[];
}

export interface MessageTracking {
  /** Public base URL of the tracking endpoints, e.g. `https://t.example.com`. */
  baseUrl: string;
  secret: string;
}

export type ProfileFields = Record<string, unknown>;

export interface MessageContext {
  profile: ProfileFields & { id: number | string; email?: string | null };
  subprofile?: ProfileFields | null;
  destinationId: string;
  tracking: MessageTracking;
  /** Per-recipient consent (ePrivacy): `false` sends this message without pixel or rewritten links. */
  trackingEnabled?: boolean;
}

export interface RenderedEmailMessage {
  fromName: string;
  fromAddress: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Signed token for the one-click `List-Unsubscribe` header (see `listUnsubscribeHeaders`). */
  unsubscribeToken: string;
}
