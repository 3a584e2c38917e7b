export { compileEmailDocument } from './compile-email-document';
export type {
  CompiledEmailDocument,
  CompiledEmailDocumentResult,
  CompileEmailDocumentOptions,
  DocumentLink,
  EmailDocument,
  EmailDocumentPart,
  MessageContext,
  MessageTracking,
  ProfileFields,
  RenderedEmailMessage,
} from './email-document';
export { isEmailAddress } from './email-address';
export { mailingLinksOf, toEmailDocument, type DocumentVersionContent } from './mailing-links';
export {
  listUnsubscribeHeaders,
  type ListUnsubscribeHeaders,
  type ListUnsubscribeOptions,
} from './list-unsubscribe-headers';
export { previewEmailDocument, type EmailDocumentPreview, type PreviewError } from './preview-email-document';
export { redirectTarget } from './redirect-target';
export { renderEmailMessage } from './render-email-message';
export {
  LIST_UNSUBSCRIBE_PATH,
  listUnsubscribeUrl,
  signTrackingToken,
  TRACKING_PATHS,
  trackingUrl,
  verifyTrackingToken,
  type TrackingKind,
  type TrackingTokenPayload,
} from './tracking-token';
export { signSurveyToken, SURVEY_PATH, surveyUrl, verifySurveyToken, type SurveyTokenPayload } from './survey-token';
export { signVisitToken, verifyVisitToken } from './visit-token';
export { compileTextDocument, renderTextDocument, type CompiledTextDocument } from './text-document';
