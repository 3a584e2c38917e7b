import type { MailingResponse as Mailing, TargetType } from '@herald/contracts';

/** What the mailing form holds while a marketer walks through it; new mailings and drafts alike. */
export interface MailingFormValues {
  name: string;
  documentId: number | null;
  targetType: TargetType;
  databaseId: number | null;
  collectionId: number | null;
  selectionId: number | null;
  /** A selection over a collection sends to subprofiles. */
  selectionOverCollection: boolean;
  trackingEnabled: boolean;
  skipDuplicates: boolean;
  maxPerMinute: number | '';
  replyTo: string;
}

export const EMPTY_MAILING_FORM: MailingFormValues = {
  name: '',
  documentId: null,
  targetType: 'DATABASE',
  databaseId: null,
  collectionId: null,
  selectionId: null,
  selectionOverCollection: false,
  trackingEnabled: true,
  skipDuplicates: true,
  maxPerMinute: '',
  replyTo: '',
};

export function formValuesOf(mailing: Mailing): MailingFormValues {
  return {
    name: mailing.name,
    documentId: mailing.documentId,
    targetType: mailing.targetType,
    databaseId: mailing.databaseId,
    collectionId: mailing.collectionId,
    selectionId: mailing.selectionId,
    selectionOverCollection: mailing.targetType === 'SELECTION' && mailing.toSubprofiles,
    trackingEnabled: mailing.settings.trackingEnabled,
    skipDuplicates: mailing.settings.skipDuplicates,
    maxPerMinute: mailing.settings.maxPerMinute ?? '',
    replyTo: mailing.settings.replyTo ?? '',
  };
}

export interface TargetInput {
  targetType: TargetType;
  databaseId?: number;
  collectionId?: number;
  selectionId?: number;
  toSubprofiles: boolean;
}

/** The target as the API takes it, or null while it is incomplete (no live count yet). */
export function targetOf(values: MailingFormValues): TargetInput | null {
  const toSubprofiles =
    values.targetType === 'COLLECTION' || (values.targetType === 'SELECTION' && values.selectionOverCollection);
  if (values.targetType === 'DATABASE')
    return values.databaseId === null ? null : { targetType: 'DATABASE', databaseId: values.databaseId, toSubprofiles };
  if (values.targetType === 'COLLECTION')
    return values.collectionId === null
      ? null
      : { targetType: 'COLLECTION', collectionId: values.collectionId, toSubprofiles };
  return values.selectionId === null
    ? null
    : { targetType: 'SELECTION', selectionId: values.selectionId, toSubprofiles };
}

/** The create or update request: the API names the field of anything missing or wrong. */
export function mailingRequestOf(values: MailingFormValues) {
  // An incomplete target is sent as it is: the API answers with the field that is missing.
  const target = targetOf(values) ?? {
    targetType: values.targetType,
    toSubprofiles: values.targetType === 'COLLECTION',
  };
  return {
    name: values.name.trim(),
    documentId: values.documentId ?? 0,
    ...target,
    settings: {
      trackingEnabled: values.trackingEnabled,
      skipDuplicates: values.skipDuplicates,
      maxPerMinute: values.maxPerMinute === '' ? null : values.maxPerMinute,
      replyTo: values.replyTo.trim() === '' ? null : values.replyTo.trim(),
    },
  };
}
