import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import type { SurveyQuestion } from '@herald/contracts';
import { parseSurveyForm } from '@herald/domain';
import { parseTrackedDestination } from '@herald/queue';
import { verifySurveyToken } from '@herald/templating';
import { InjectConfig } from '../../common/config';
import { PrismaService } from '../../common/prisma.service';
import { RateLimiterService } from '../../common/rate-limiter.service';
import { storedQuestions } from './survey-questions';
import { surveyFormPage, surveyThanksPage, surveyTooOftenPage, SURVEY_NOT_FOUND_PAGE } from './survey-page';

/** What a survey page answers: a status and an HTML page (and when to come back, for a 429). */
export interface SurveyPageResult {
  status: number;
  html: string;
  retryAfterSeconds?: number;
}

/**
 * Answers one link may send per hour. A reader changes their mind a few times; the page is public and
 * each answer rewrites the response in a transaction, so a script replaying one link is held back.
 */
export const SURVEY_ANSWERS_PER_LINK_PER_HOUR = 20;

interface Respondent {
  accountId: number;
  surveyId: number;
  name: string;
  intro: string;
  questions: SurveyQuestion[];
  destinationId: bigint;
  mailingId: number;
  profileId: number;
}

const NOT_FOUND: SurveyPageResult = { status: 404, html: SURVEY_NOT_FOUND_PAGE };

/**
 * The public survey page behind a signed link (`{% survey_link N %}` in a mailing). Only the signature
 * says whose answers these are: the survey and the destination, hence the mailing and the profile.
 * One response per survey and destination; answering again replaces it, so each respondent counts once
 * per mailing with the answers they gave last.
 */
@Injectable()
export class SurveyPagesService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly limiter: RateLimiterService,
  ) {}

  async show(token: string): Promise<SurveyPageResult> {
    const respondent = await this.respondent(token);
    if (!respondent) return NOT_FOUND;
    const previous = await this.prisma.client.surveyResponse.findUnique({
      where: { surveyId_destinationId: { surveyId: respondent.surveyId, destinationId: respondent.destinationId } },
      select: { answerRows: { select: { questionId: true, value: true } } },
    });
    const values: Record<string, string[]> = {};
    for (const row of previous?.answerRows ?? []) (values[row.questionId] ??= []).push(row.value);
    return {
      status: 200,
      html: surveyFormPage({ ...respondent, values, errors: {}, answeredBefore: previous !== null }),
    };
  }

  async submit(token: string, form: unknown): Promise<SurveyPageResult> {
    const respondent = await this.respondent(token);
    if (!respondent) return NOT_FOUND;
    const fields = typeof form === 'object' && form !== null ? (form as Record<string, unknown>) : {};
    const parsed = parseSurveyForm(respondent.questions, fields);
    if (!parsed.ok) {
      return {
        status: 400,
        html: surveyFormPage({ ...respondent, values: parsed.form, errors: parsed.errors, answeredBefore: false }),
      };
    }
    const { surveyId, destinationId } = respondent;
    // Counted per signed respondent (survey and destination), valid answers only: a forged link stores nothing anyway.
    const { count, ttl } = await this.limiter.hit(`survey-answer:${surveyId}:${destinationId}`, 3600);
    if (count > SURVEY_ANSWERS_PER_LINK_PER_HOUR)
      return { status: 429, html: surveyTooOftenPage(respondent.name, ttl), retryAfterSeconds: ttl };
    await this.prisma.client.$transaction(async (tx) => {
      const response = await tx.surveyResponse.upsert({
        where: { surveyId_destinationId: { surveyId, destinationId } },
        create: {
          accountId: respondent.accountId,
          surveyId,
          destinationId,
          mailingId: respondent.mailingId,
          profileId: respondent.profileId,
          answers: parsed.answers,
        },
        update: { answers: parsed.answers },
        select: { id: true },
      });
      await tx.surveyAnswer.deleteMany({ where: { responseId: response.id } });
      await tx.surveyAnswer.createMany({
        data: parsed.values.map((v) => ({
          responseId: response.id,
          surveyId,
          questionId: v.questionId,
          value: v.value,
        })),
      });
    });
    return { status: 200, html: surveyThanksPage(respondent.name) };
  }

  /** The survey and destination a token was signed for, both of the same account; null for anything else. */
  private async respondent(token: string): Promise<Respondent | null> {
    const payload = verifySurveyToken(token, this.config.TRACKING_SECRET);
    const target = payload ? parseTrackedDestination(payload.destinationId) : null;
    if (!payload || !target) return null;
    const [survey, destination] = await Promise.all([
      this.prisma.client.survey.findUnique({
        where: { id: payload.surveyId },
        select: { id: true, accountId: true, name: true, intro: true, questions: true },
      }),
      this.prisma.client.destination.findFirst({
        where: { id: target.destinationId, mailingId: target.mailingId },
        select: { accountId: true, profileId: true, erasedAt: true },
      }),
    ]);
    // An erased profile's destination no longer names a person to tie answers to.
    if (!survey || !destination || destination.erasedAt !== null || survey.accountId !== destination.accountId) {
      return null;
    }
    return {
      accountId: survey.accountId,
      surveyId: survey.id,
      name: survey.name,
      intro: survey.intro,
      questions: storedQuestions(survey.questions),
      destinationId: target.destinationId,
      mailingId: target.mailingId,
      profileId: destination.profileId,
    };
  }
}
