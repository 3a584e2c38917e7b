import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import {
  SurveyAnswerValues,
  surveyAnswerText,
  type DeleteSurveyResultsResponse,
  type SurveyQuestion,
  type SurveyRespondentPageResponse,
  type SurveyResultsResponse,
} from '@herald/contracts';
import { Prisma } from '@herald/db';
import { answerCountKey, DomainError, surveyQuestionResults } from '@herald/domain';
import { iso } from '../../common/iso';
import { pageArgs } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { AuditService } from '../audit/audit.service';
import { keysetPages, streamExport, EXPORT_PAGE_SIZE, type ExportRow } from '../reports/export-stream';
import { storedQuestions } from './survey-questions';
import type {
  DeleteSurveyResultsDto,
  SurveyAnswersQueryDto,
  SurveyExportQueryDto,
  SurveyResultsQueryDto,
} from './surveys.dto';

interface SurveyHead {
  id: number;
  name: string;
  questions: SurveyQuestion[];
}

const RESPONSE_SELECT = {
  id: true,
  mailingId: true,
  profileId: true,
  answers: true,
  updatedAt: true,
} as const;

interface ResponseRow {
  id: bigint;
  mailingId: number | null;
  profileId: number | null;
  answers: unknown;
  updatedAt: Date;
}

function answersOf(value: unknown): SurveyAnswerValues {
  const parsed = SurveyAnswerValues.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** A survey's results: counted per question, each respondent's answers, exports, and deleting them. */
@Injectable()
export class SurveyResultsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** Per question, of every respondent or of one mailing's; read at each call, so a deletion shows at once. */
  async results(principal: Principal, id: number, query: SurveyResultsQueryDto): Promise<SurveyResultsResponse> {
    const survey = await this.survey(principal, id);
    const mailingId = query.mailingId ?? null;
    const byMailing = mailingId === null ? Prisma.empty : Prisma.sql`AND r."mailingId" = ${mailingId}`;
    const counted = survey.questions.filter((q) => q.kind !== 'text').map((q) => q.id);
    const [valueRows, answeredRows, mailingRows] = await Promise.all([
      counted.length === 0
        ? Promise.resolve([])
        : this.prisma.client.$queryRaw<{ questionId: string; value: string; n: number }[]>`
            SELECT a."questionId", a."value", count(*)::int AS n
            FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
            WHERE r."surveyId" = ${id} AND r."accountId" = ${principal.accountId} ${byMailing}
              AND a."questionId" = ANY(${counted}::text[])
            GROUP BY a."questionId", a."value"`,
      this.prisma.client.$queryRaw<{ questionId: string; n: number }[]>`
        SELECT a."questionId", count(DISTINCT a."responseId")::int AS n
        FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
        WHERE r."surveyId" = ${id} AND r."accountId" = ${principal.accountId} ${byMailing}
        GROUP BY a."questionId"`,
      this.prisma.client.$queryRaw<{ mailingId: number; name: string; n: number }[]>`
        SELECT r."mailingId", m."name", count(*)::int AS n
        FROM "SurveyResponse" r JOIN "Mailing" m ON m."id" = r."mailingId" AND m."accountId" = r."accountId"
        WHERE r."surveyId" = ${id} AND r."accountId" = ${principal.accountId}
        GROUP BY r."mailingId", m."name" ORDER BY r."mailingId"`,
    ]);
    const respondents = await this.prisma.client.surveyResponse.count({
      where: { surveyId: id, accountId: principal.accountId, ...(mailingId === null ? {} : { mailingId }) },
    });
    return {
      surveyId: id,
      mailingId,
      respondents,
      questions: surveyQuestionResults(survey.questions, {
        answered: new Map(answeredRows.map((row) => [row.questionId, row.n])),
        byValue: new Map(valueRows.map((row) => [answerCountKey(row.questionId, row.value), row.n])),
      }),
      mailings: mailingRows.map((row) => ({ mailingId: row.mailingId, name: row.name, respondents: row.n })),
    };
  }

  /** Each respondent's answers, newest first. */
  async answers(principal: Principal, id: number, query: SurveyAnswersQueryDto): Promise<SurveyRespondentPageResponse> {
    await this.survey(principal, id);
    const where: Prisma.SurveyResponseWhereInput = {
      surveyId: id,
      accountId: principal.accountId,
      ...(query.mailingId !== undefined ? { mailingId: query.mailingId } : {}),
      ...(query.profileId !== undefined ? { profileId: query.profileId } : {}),
    };
    const [total, rows] = await Promise.all([
      this.prisma.client.surveyResponse.count({ where }),
      this.prisma.client.surveyResponse.findMany({
        where,
        orderBy: { id: 'desc' },
        ...pageArgs(query.page, query.pageSize),
        select: RESPONSE_SELECT,
      }),
    ]);
    return {
      items: rows.map((row) => ({
        id: Number(row.id),
        mailingId: row.mailingId,
        profileId: row.profileId,
        answers: answersOf(row.answers),
        answeredAt: iso(row.updatedAt),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Every respondent as a row, a column per question with the answer as shown (option labels). */
  async export(principal: Principal, id: number, query: SurveyExportQueryDto, res: Response): Promise<void> {
    const survey = await this.survey(principal, id);
    const headers = ['responseId', 'mailingId', 'profileId', 'answeredAt', ...survey.questions.map((q) => q.label)];
    const read = (after: bigint | undefined): Promise<ResponseRow[]> =>
      this.prisma.client.surveyResponse.findMany({
        where: {
          surveyId: id,
          accountId: principal.accountId,
          ...(query.mailingId !== undefined ? { mailingId: query.mailingId } : {}),
          ...(after !== undefined ? { id: { gt: after } } : {}),
        },
        orderBy: { id: 'asc' },
        take: EXPORT_PAGE_SIZE,
        select: RESPONSE_SELECT,
      });
    const pages = async function* (): AsyncGenerator<ExportRow[]> {
      for await (const rows of keysetPages(read, (row) => row.id)) {
        yield rows.map((row) => {
          const answers = answersOf(row.answers);
          return [
            Number(row.id),
            row.mailingId,
            row.profileId,
            row.updatedAt,
            ...survey.questions.map((q) => surveyAnswerText(q, answers[q.id])),
          ];
        });
      }
    };
    const suffix = query.mailingId === undefined ? '' : `-mailing-${query.mailingId}`;
    await streamExport(res, query.format, `survey-${id}${suffix}-results`, headers, pages());
  }

  /**
   * Deletes results for good (semantics.md: export first): all of them, one mailing's or one
   * profile's. The body repeats the survey's name, as a typed confirmation; the deletion and its
   * audit entry commit together.
   */
  async deleteResults(
    principal: Principal,
    id: number,
    body: DeleteSurveyResultsDto,
  ): Promise<DeleteSurveyResultsResponse> {
    const survey = await this.survey(principal, id);
    if (body.confirm.trim() !== survey.name.trim()) {
      const message = `must be the survey's name, "${survey.name}", to confirm that its results are deleted`;
      throw DomainError.validation(`Results not deleted: confirm ${message}`, [{ path: 'confirm', message }]);
    }
    const scope = body.mailingId !== undefined ? 'mailing' : body.profileId !== undefined ? 'profile' : 'all';
    const deleted = await this.prisma.client.$transaction(async (tx) => {
      const { count } = await tx.surveyResponse.deleteMany({
        where: {
          surveyId: id,
          accountId: principal.accountId,
          ...(body.mailingId !== undefined ? { mailingId: body.mailingId } : {}),
          ...(body.profileId !== undefined ? { profileId: body.profileId } : {}),
        },
      });
      await this.audit.record(
        principal,
        'survey.results-deleted',
        { type: 'survey', id },
        { scope, mailingId: body.mailingId ?? null, profileId: body.profileId ?? null, deleted: count },
        tx,
      );
      return count;
    });
    return { deleted };
  }

  private async survey(principal: Principal, id: number): Promise<SurveyHead> {
    const row = await this.prisma.client.survey.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true, name: true, questions: true },
    });
    if (!row) throw DomainError.notFound('Survey', id);
    return { id: row.id, name: row.name, questions: storedQuestions(row.questions) };
  }
}
