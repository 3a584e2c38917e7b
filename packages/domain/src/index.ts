export { DomainError, DomainErrorCode, type DomainErrorIssue } from './domain-error';
export { ROLES, roleAllows, type Role } from './roles';
export * from './profiles';
export * from './selections';
export { SecretBox, isSealed } from './secrets/secret-box';
export {
  MAILING_STEPS,
  assertStepAllowed,
  assertTargetChangeAllowed,
  type MailingTargetFields,
  howEnded,
  isEditable,
  timeLimitPassed,
  type MailingStatus,
  type MailingStep,
} from './mailings/mailing-lifecycle';
export * from './schedules';
export {
  defaultSplitRunGroups,
  SPLIT_RUN_VARIANTS,
  splitRunGroupSizes,
  splitRunGroupSpecs,
  type SplitRunGroupSpec,
} from './split-runs/split-run-groups';
export {
  splitRunMayTake,
  splitRunStepWhere,
  splitRunTransition,
  type SplitRunStatus,
  type SplitRunStep,
} from './split-runs/split-run-lifecycle';
export {
  approvalRequired,
  approvalStateOf,
  assertApprovedIfRequired,
  assertMayDecide,
  type ApprovalState,
  type ApprovalSubject,
} from './mailings/approval';
export {
  dkimKeyContext,
  dkimPrivateKey,
  generateSenderDomainKeys,
  normalizeSenderDomain,
  senderDnsRecords,
  senderPlatformOf,
  storedSenderDnsRecords,
  type SenderDnsRecord,
  type SenderPlatform,
  type StoredSenderDomainKeys,
} from './sender-domains/sender-domain';
export * from './surveys';
export * from './websites';
