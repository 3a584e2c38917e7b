import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  assertStepAllowed,
  assertTargetChangeAllowed,
  compileSelection,
  DomainError,
  DomainErrorCode,
  isEditable,
  type SelectionGroup,
} from '@herald/domain';
import { channelAddressRule, SpamAssassin, type ChannelKind } from '@herald/channels';
import {
  mailingSettingsSchema,
  type MailingAudienceResponse,
  type MailingCheckResponse,
  type MailingProgress,
  type MailingResponse,
} from '@herald/contracts';
import {
  checkMailing,
  describeWhere,
  findingKey,
  spamSampleMessage,
  unacknowledgedFindings,
  type Finding,
  type SpamRating,
} from '@herald/checks';
import { mailingLinksOf, toEmailDocument, type DocumentVersionContent } from '@herald/templating';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import {
  mailingAudienceRepository,
  mailingQueueRepository,
  mailingStatusRepository,
  numberedSql,
  prismaRunner,
  type Prisma,
  type MailingModel as Mailing,
} from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import { InjectConfig } from '../../common/config';
import { iso } from '../../common/iso';
import type { Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ApprovalsService } from '../approvals/approvals.service';
import { AuditService } from '../audit/audit.service';
import { FieldsService } from '../databases/fields.service';
import { DocumentsService } from '../documents/documents.service';
import { MailingSenderChecks } from './mailing-sender-checks';
import type {
  CreateMailingDto,
  DestinationResponse,
  DestinationsQueryDto,
  MailingAudienceRequestDto,
  UpdateMailingDto,
} from './mailings.dto';

/** Fax numbers of a target read for the fax-number check: enough to find a pattern, cheap on a large target. */
const FAX_NUMBERS_CHECKED = 10_000;

/** A split-run's mailings are changed and sent through the split-run only (docs/rules/split-run.md). */
function assertOutsideSplitRun(mailing: Pick<Mailing, 'id' | 'splitRunId'>): void {
  if (mailing.splitRunId !== null)
    throw DomainError.invalidState(
      `Mailing ${mailing.id} is part of split-run ${mailing.splitRunId}: change or start it there`,
    );
}

@Injectable()
export class MailingsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly documents: DocumentsService,
    private readonly fields: FieldsService,
    @InjectQueue(QueueName.Dispatch) private readonly dispatchQueue: Queue,
    private readonly approvals: ApprovalsService,
    private readonly audit: AuditService,
    private readonly spamAssassin: SpamAssassin,
    private readonly senderChecks: MailingSenderChecks,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  async list(principal: Principal): Promise<MailingResponse[]> {
    const rows = await this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId },
      orderBy: { id: 'desc' },
      take: 200,
    });
    const progress = await this.progressOf(rows.map((r) => r.id));
    return rows.map((r) => this.toResponse(r, progress.get(r.id)));
  }

  async get(principal: Principal, id: number): Promise<MailingResponse> {
    const mailing = await this.find(principal, id);
    return this.toResponse(mailing, (await this.progressOf([id])).get(id));
  }

  async create(principal: Principal, input: CreateMailingDto): Promise<MailingResponse> {
    // The document's channel is the mailing's: it picks the address column and the adapter that sends.
    const { channel } = await this.documents.channelOf(principal, input.documentId);
    const target = await this.resolveTarget(principal, input);
    const mailing = await this.prisma.client.mailing.create({
      data: {
        accountId: principal.accountId,
        createdBy: principal.userId,
        name: input.name,
        channel,
        documentId: input.documentId,
        ...target,
        settings: mailingSettingsSchema.parse(input.settings ?? {}),
      },
    });
    return this.toResponse(mailing, undefined);
  }

  async update(principal: Principal, id: number, input: UpdateMailingDto): Promise<MailingResponse> {
    const mailing = await this.find(principal, id);
    assertOutsideSplitRun(mailing);
    if (!isEditable(mailing.status))
      throw DomainError.invalidState(`Mailing ${id} is ${mailing.status} and can no longer be edited`);
    // A new document may be of another channel: the mailing's channel follows it, as on create.
    const document = input.documentId
      ? { documentId: input.documentId, ...(await this.documents.channelOf(principal, input.documentId)) }
      : {};
    if (input.documentId) await this.documents.latestVersion(principal, input.documentId);
    const target = input.targetType
      ? await this.resolveTarget(principal, {
          ...input,
          targetType: input.targetType,
          toSubprofiles: input.toSubprofiles ?? false,
        })
      : null;
    if (target) assertTargetChangeAllowed(mailing, target);
    const settings = input.settings
      ? mailingSettingsSchema.parse({ ...(mailing.settings as object), ...input.settings })
      : undefined;
    // Conditional on the status, so a mailing sent meanwhile is not changed under its frozen version.
    const { count } = await this.prisma.client.mailing.updateMany({
      where: { id, accountId: principal.accountId, status: mailing.status },
      data: {
        ...(input.name ? { name: input.name } : {}),
        ...document,
        ...target,
        ...(settings ? { settings } : {}),
      },
    });
    if (count === 0) throw DomainError.invalidState(`Mailing ${id} changed state meanwhile; reload it`);
    await this.approvals.supersede(principal.accountId, id);
    await this.audit.record(
      principal,
      'mailing.changed',
      { type: 'mailing', id },
      { fields: Object.keys(input).join(', ') },
    );
    return this.get(principal, id);
  }

  /**
   * Who the mailing would reach if it were dispatched now: the recipient rows dispatch reads, counted
   * by the same suppression rules (unsubscribed, disabled, no or invalid address, duplicate address).
   */
  async audience(principal: Principal, id: number): Promise<MailingAudienceResponse> {
    const mailing = await this.find(principal, id);
    const { skipDuplicates } = mailingSettingsSchema.parse(mailing.settings);
    return this.count(principal, mailing.channel, mailing, skipDuplicates);
  }

  /** The same count for a mailing not yet saved: the form's live count. */
  async audienceOf(principal: Principal, input: MailingAudienceRequestDto): Promise<MailingAudienceResponse> {
    const target = await this.resolveTarget(principal, input);
    return this.count(principal, input.channel, target, input.skipDuplicates);
  }

  private async count(
    principal: Principal,
    channel: ChannelKind,
    target: Pick<Mailing, 'databaseId' | 'collectionId' | 'selectionId' | 'toSubprofiles'>,
    skipDuplicates: boolean,
  ): Promise<MailingAudienceResponse> {
    return mailingAudienceRepository.count(
      this.prisma.client,
      await this.audienceTarget(principal, channel, target),
      channelAddressRule(channel),
      { skipDuplicates },
    );
  }

  /** Who a target means for a channel, its selection as SQL: what the audience's count and addresses read. */
  private async audienceTarget(
    principal: Principal,
    channel: ChannelKind,
    target: Pick<Mailing, 'databaseId' | 'collectionId' | 'selectionId' | 'toSubprofiles'>,
  ) {
    return {
      accountId: principal.accountId,
      addressField: channelAddressRule(channel).field,
      databaseId: target.databaseId,
      collectionId: target.collectionId,
      toSubprofiles: target.toSubprofiles,
      filter: target.selectionId ? await this.selectionFilter(principal, target.selectionId) : null,
    };
  }

  /** The selection's conditions as a WHERE fragment over alias `r`, as dispatch evaluates them. */
  private async selectionFilter(principal: Principal, selectionId: number): Promise<Prisma.Sql> {
    const selection = await this.prisma.client.selection.findFirst({
      where: { id: selectionId, accountId: principal.accountId },
      select: { conditions: true, databaseId: true, collectionId: true },
    });
    if (!selection) throw DomainError.notFound('Selection', selectionId);
    const fields = await this.fields.specs(
      selection.collectionId ? { collectionId: selection.collectionId } : { databaseId: selection.databaseId },
    );
    const compiled = compileSelection(selection.conditions as unknown as SelectionGroup, fields, {
      table: selection.collectionId ? 'Subprofile' : 'Profile',
      alias: 'r',
    });
    return numberedSql(compiled.sql, compiled.params);
  }

  /**
   * Freezes the newest document version and queues the dispatch. Sending is irreversible, so the
   * state change is conditional: two concurrent sends cannot both start the mailing.
   */
  async send(principal: Principal, id: number): Promise<MailingResponse> {
    const mailing = await this.find(principal, id);
    assertOutsideSplitRun(mailing);
    assertStepAllowed(id, mailing.status, 'queue');
    // The approval and the issue checker read different rows: both at once (the checker's audience
    // count is most of the send's time before its dispatch), and a missing approval still refuses first.
    const [approval, checked] = await Promise.allSettled([
      this.approvals.assertMayProceed(principal.accountId, id),
      this.documents.latestVersion(principal, mailing.documentId).then(async (version) => {
        const settings = mailingSettingsSchema.parse(mailing.settings);
        const links = mailingLinksOf(mailing.channel, version, { trackingEnabled: settings.trackingEnabled });
        await this.assertPasses(principal, mailing, version, 'sent');
        return { version, links };
      }),
    ]);
    if (approval.status === 'rejected') throw approval.reason;
    if (checked.status === 'rejected') throw checked.reason;
    const { version, links } = checked.value;
    const started = await this.prisma.client.$transaction((tx) =>
      mailingQueueRepository.queue(tx, { mailingId: id, accountId: principal.accountId }, version.id, links),
    );
    if (!started) throw DomainError.invalidState(`Mailing ${id} was started by someone else just now`);
    const payload: JobPayloads[JobName.DispatchMailing] = { mailingId: id, accountId: principal.accountId };
    await this.dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', id) });
    await this.audit.record(principal, 'mailing.sent', { type: 'mailing', id }, { documentVersionId: version.id });
    return this.get(principal, id);
  }

  /** The issue checker on the mailing as it would go now (newest document version, current audience). */
  async check(principal: Principal, id: number): Promise<MailingCheckResponse> {
    const mailing = await this.find(principal, id);
    const version = await this.documents.latestVersion(principal, mailing.documentId);
    return this.checked(principal, mailing, version);
  }

  /**
   * Records that this user read and accepted these warnings for the document's newest version (issue 17).
   * Only warnings the mailing has now can be acknowledged: errors are fixed, not accepted.
   */
  async acknowledge(principal: Principal, id: number, keys: readonly string[]): Promise<MailingCheckResponse> {
    const mailing = await this.find(principal, id);
    const version = await this.documents.latestVersion(principal, mailing.documentId);
    const { findings } = await this.checked(principal, mailing, version);
    const warnings = new Map(findings.filter((f) => f.severity === 'warning').map((f) => [f.key, f]));
    const unknown = keys.filter((key) => !warnings.has(key));
    if (unknown.length > 0)
      throw DomainError.validation(
        `Only the mailing's current warnings can be acknowledged; ${unknown.length} key(s) are not one`,
        unknown.map((key) => ({ path: 'keys', message: `"${key}" is not a warning of mailing ${id} now` })),
      );
    if (principal.userId === null)
      throw new DomainError(DomainErrorCode.Forbidden, 'Warnings are acknowledged by a user, not by an API key');
    const acknowledgedBy = principal.userId;
    await this.prisma.client.checkAcknowledgement.createMany({
      data: [...new Set(keys)].map((key) => ({
        accountId: principal.accountId,
        mailingId: id,
        documentVersionId: version.id,
        findingKey: key,
        message: warnings.get(key)!.message,
        acknowledgedBy,
      })),
      skipDuplicates: true,
    });
    await this.audit.record(
      principal,
      'mailing.checks-acknowledged',
      { type: 'mailing', id },
      { warnings: keys.join(', ') },
    );
    return this.checked(principal, mailing, version);
  }

  /**
   * Refuses (409) a mailing that has an error or an unacknowledged warning: the send and a schedule's
   * activation call this, with the findings in the error's issues.
   */
  async assertChecksPass(principal: Principal, id: number, action: 'sent' | 'scheduled'): Promise<void> {
    const mailing = await this.find(principal, id);
    const version = await this.documents.latestVersion(principal, mailing.documentId);
    await this.assertPasses(principal, mailing, version, action);
  }

  private async assertPasses(
    principal: Principal,
    mailing: Mailing,
    version: DocumentVersionContent & { id: number },
    action: 'sent' | 'scheduled',
  ): Promise<void> {
    const { findings } = await this.checked(principal, mailing, version);
    const holding = findings.filter((f) => f.severity === 'error' || (f.severity === 'warning' && !f.acknowledged));
    if (holding.length === 0) return;
    const errors = holding.filter((f) => f.severity === 'error').length;
    const warnings = holding.length - errors;
    const what = [
      errors > 0 ? `${errors} error(s) to fix` : '',
      warnings > 0 ? `${warnings} unacknowledged warning(s)` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new DomainError(
      DomainErrorCode.Conflict,
      `Mailing ${mailing.id} cannot be ${action}: the issue checker found ${what}. ${holding.map((f) => f.message).join(' ')}`,
      holding.map((finding) => ({
        path: describeWhere(finding.where),
        message: `${finding.severity === 'error' ? finding.code : `${finding.code} (not acknowledged)`}: ${finding.message} Fix: ${finding.fix}`,
      })),
    );
  }

  private async checked(
    principal: Principal,
    mailing: Mailing,
    version: DocumentVersionContent & { id: number },
  ): Promise<MailingCheckResponse> {
    const [{ findings, spamRating }, acknowledgements] = await Promise.all([
      this.findingsOf(principal, mailing, version),
      this.prisma.client.checkAcknowledgement.findMany({
        where: { accountId: principal.accountId, mailingId: mailing.id, documentVersionId: version.id },
        select: { findingKey: true, acknowledgedBy: true, acknowledgedAt: true },
      }),
    ]);
    const byKey = new Map(acknowledgements.map((a) => [a.findingKey, a]));
    const holding = new Set(unacknowledgedFindings(findings, new Set(byKey.keys())));
    return {
      findings: findings.map((finding) => {
        const key = findingKey(finding);
        const acknowledgement = finding.severity === 'warning' ? byKey.get(key) : undefined;
        return {
          ...finding,
          key,
          acknowledged: acknowledgement
            ? { by: acknowledgement.acknowledgedBy, at: iso(acknowledgement.acknowledgedAt) }
            : null,
        };
      }),
      blocking: holding.size > 0,
      spamRating: spamRating && {
        source: spamRating.source,
        score: spamRating.score,
        rules: spamRating.rules,
        advice: spamRating.advice,
        note: spamRating.note ?? null,
      },
    };
  }

  private async findingsOf(
    principal: Principal,
    mailing: Mailing,
    version: DocumentVersionContent & { body?: string | null },
  ): Promise<{ findings: Finding[]; spamRating: SpamRating | null }> {
    const channel = mailing.channel as ChannelKind;
    const settings = mailingSettingsSchema.parse(mailing.settings);
    const [audience, account] = await Promise.all([
      this.count(principal, channel, mailing, settings.skipDuplicates),
      this.prisma.client.account.findUniqueOrThrow({
        where: { id: principal.accountId },
        select: { timezone: true, smsSender: true },
      }),
    ]);
    const common = {
      target: { recipients: audience.recipients, suppressed: audience.suppressed },
      // Sent now, a person chose the moment; a schedule's time of day is not checked yet.
      settings: { maxPerMinute: settings.maxPerMinute, sendAt: null, timeZone: account.timezone },
    };
    if (channel === 'SMS') {
      const content = { channel, body: version.body ?? '', sender: account.smsSender ?? this.config.TWILIO_FROM };
      return { findings: checkMailing({ ...common, content }), spamRating: null };
    }
    if (channel === 'FAX') {
      const faxNumbers = await mailingAudienceRepository.addresses(
        this.prisma.client,
        await this.audienceTarget(principal, channel, mailing),
        channelAddressRule(channel),
        FAX_NUMBERS_CHECKED,
      );
      return {
        findings: checkMailing({ ...common, content: { channel, body: version.body ?? '', faxNumbers } }),
        spamRating: null,
      };
    }
    const document = toEmailDocument(version);
    const sample = spamSampleMessage(document);
    const [profileFields, subprofileFields, sentLastDay, spamRating, sender] = await Promise.all([
      this.fields.specs({ databaseId: mailing.databaseId }),
      mailing.collectionId ? this.fields.specs({ collectionId: mailing.collectionId }) : null,
      this.emailSentLastDay(principal.accountId, mailing.id),
      sample ? this.spamAssassin.rate(sample) : null,
      this.senderChecks.check(mailing, version, settings.trackingEnabled),
    ]);
    // Sent to a selection's subprofiles, the collection is the selection's: its fields are not looked up (yet).
    const fieldsKnown = !mailing.toSubprofiles || subprofileFields !== null;
    const content = {
      channel,
      document,
      sentLastDay,
      spamRating,
      fields: fieldsKnown
        ? { profile: profileFields.map((f) => f.name), subprofile: subprofileFields?.map((f) => f.name) ?? null }
        : null,
    } as const;
    return { findings: [...checkMailing({ ...common, content }), ...sender], spamRating };
  }

  /** E-mail messages of the account's other mailings queued in the past 24 hours: its day as Gmail counts it. */
  private async emailSentLastDay(accountId: number, exceptMailingId: number): Promise<number> {
    return this.prisma.client.destination.count({
      where: {
        accountId,
        mailing: {
          channel: 'EMAIL',
          id: { not: exceptMailingId },
          queuedAt: { gte: new Date(Date.now() - 24 * 60 * 60 * 1000) },
        },
      },
    });
  }

  /** Marketers may cancel what has not started; a sending mailing only an admin can stop. */
  async cancel(principal: Principal, id: number): Promise<MailingResponse> {
    return this.cancelBy(principal, id, 'cancel');
  }

  /** Admin stop: what was not yet handed to the SMTP server is not sent. */
  async stop(principal: Principal, id: number): Promise<MailingResponse> {
    return this.cancelBy(principal, id, 'stop');
  }

  async destinations(
    principal: Principal,
    id: number,
    query: DestinationsQueryDto,
  ): Promise<Page<DestinationResponse>> {
    await this.find(principal, id);
    const where = { mailingId: id, accountId: principal.accountId, ...(query.status ? { status: query.status } : {}) };
    const [total, rows] = await Promise.all([
      this.prisma.client.destination.count({ where }),
      this.prisma.client.destination.findMany({
        where,
        orderBy: { id: 'asc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          id: true,
          profileId: true,
          subprofileId: true,
          address: true,
          status: true,
          suppressionReason: true,
          dominantResult: true,
          attempts: true,
          lastErrorKind: true,
          lastErrorCode: true,
          lastErrorText: true,
          sentAt: true,
        },
      }),
    ]);
    return {
      items: rows.map((r) => ({ ...r, id: r.id.toString(), sentAt: iso(r.sentAt) })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async cancelBy(principal: Principal, id: number, step: 'cancel' | 'stop'): Promise<MailingResponse> {
    const mailing = await this.find(principal, id);
    assertStepAllowed(id, mailing.status, step);
    const ref = { mailingId: id, accountId: principal.accountId };
    if (!(await mailingStatusRepository.move(prismaRunner(this.prisma.client), ref, step, { by: principal.userId })))
      throw DomainError.invalidState(`Mailing ${id} changed state meanwhile; reload it`);
    await this.audit.record(principal, step === 'stop' ? 'mailing.stopped' : 'mailing.cancelled', {
      type: 'mailing',
      id,
    });
    return this.get(principal, id);
  }

  private async resolveTarget(
    principal: Principal,
    input: Pick<CreateMailingDto, 'targetType' | 'databaseId' | 'collectionId' | 'selectionId' | 'toSubprofiles'>,
  ) {
    const accountId = principal.accountId;
    if (input.targetType === 'DATABASE') {
      const db = await this.prisma.client.database.findFirst({
        where: { id: input.databaseId, accountId },
        select: { id: true },
      });
      if (!db) throw DomainError.notFound('Database', input.databaseId ?? '');
      return {
        targetType: 'DATABASE' as const,
        databaseId: db.id,
        collectionId: null,
        selectionId: null,
        toSubprofiles: false,
      };
    }
    if (input.targetType === 'COLLECTION') {
      const c = await this.prisma.client.collection.findFirst({
        where: { id: input.collectionId, accountId },
        select: { id: true, databaseId: true },
      });
      if (!c) throw DomainError.notFound('Collection', input.collectionId ?? '');
      return {
        targetType: 'COLLECTION' as const,
        databaseId: c.databaseId,
        collectionId: c.id,
        selectionId: null,
        toSubprofiles: true,
      };
    }
    const s = await this.prisma.client.selection.findFirst({
      where: { id: input.selectionId, accountId },
      select: { id: true, databaseId: true, collectionId: true },
    });
    if (!s) throw DomainError.notFound('Selection', input.selectionId ?? '');
    if (s.collectionId && !input.toSubprofiles) {
      throw DomainError.validation('A selection over a collection sends to subprofiles', [
        { path: 'toSubprofiles', message: 'must be true for this selection' },
      ]);
    }
    return {
      targetType: 'SELECTION' as const,
      databaseId: s.databaseId,
      collectionId: s.collectionId,
      selectionId: s.id,
      toSubprofiles: Boolean(s.collectionId),
    };
  }

  private async find(principal: Principal, id: number): Promise<Mailing> {
    const mailing = await this.prisma.client.mailing.findFirst({ where: { id, accountId: principal.accountId } });
    if (!mailing) throw DomainError.notFound('Mailing', id);
    return mailing;
  }

  /** Destinations by send status, per mailing: for its own answers and the admin jobs page. */
  async progressOf(ids: number[]): Promise<Map<number, MailingProgress>> {
    const result = new Map<number, MailingProgress>();
    if (ids.length === 0) return result;
    const rows = await this.prisma.client.destination.groupBy({
      by: ['mailingId', 'status'],
      where: { mailingId: { in: ids } },
      _count: { _all: true },
    });
    for (const row of rows) {
      const p = result.get(row.mailingId) ?? {
        destinations: 0,
        pending: 0,
        sent: 0,
        failed: 0,
        suppressed: 0,
        cancelled: 0,
      };
      const n = row._count._all;
      p.destinations += n;
      if (row.status === 'PENDING') p.pending += n;
      else if (row.status === 'SENT') p.sent += n;
      else if (row.status === 'FAILED') p.failed += n;
      else if (row.status === 'CANCELLED') p.cancelled += n;
      else p.suppressed += n;
      result.set(row.mailingId, p);
    }
    return result;
  }

  private toResponse(m: Mailing, progress: MailingProgress | undefined): MailingResponse {
    return {
      id: m.id,
      name: m.name,
      channel: m.channel,
      status: m.status,
      documentId: m.documentId,
      documentVersionId: m.documentVersionId,
      targetType: m.targetType,
      databaseId: m.databaseId,
      collectionId: m.collectionId,
      selectionId: m.selectionId,
      toSubprofiles: m.toSubprofiles,
      settings: mailingSettingsSchema.parse(m.settings),
      createdAt: iso(m.createdAt),
      queuedAt: iso(m.queuedAt),
      startedAt: iso(m.startedAt),
      finishedAt: iso(m.finishedAt),
      cancelledAt: iso(m.cancelledAt),
      failureReason: m.failureReason,
      progress: progress ?? { destinations: 0, pending: 0, sent: 0, failed: 0, suppressed: 0, cancelled: 0 },
    };
  }
}
