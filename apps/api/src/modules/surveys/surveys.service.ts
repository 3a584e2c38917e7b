import { Injectable } from '@nestjs/common';
import type { SurveyResponse } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { storedQuestions } from './survey-questions';
import type { CreateSurveyDto, UpdateSurveyDto } from './surveys.dto';

const SURVEY_SELECT = {
  id: true,
  name: true,
  intro: true,
  questions: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { responses: true } },
} as const;

interface SurveyRow {
  id: number;
  name: string;
  intro: string;
  questions: unknown;
  createdAt: Date;
  updatedAt: Date;
  _count: { responses: number };
}

/** An account's surveys: the questions a mailing's survey link leads to. */
@Injectable()
export class SurveysService {
  constructor(private readonly prisma: PrismaService) {}

  async list(principal: Principal): Promise<SurveyResponse[]> {
    const rows = await this.prisma.client.survey.findMany({
      where: { accountId: principal.accountId },
      orderBy: { id: 'desc' },
      take: 500,
      select: SURVEY_SELECT,
    });
    return rows.map(toResponse);
  }

  async get(principal: Principal, id: number): Promise<SurveyResponse> {
    return toResponse(await this.find(principal, id));
  }

  async create(principal: Principal, body: CreateSurveyDto): Promise<SurveyResponse> {
    const row = await this.prisma.client.survey.create({
      data: { accountId: principal.accountId, name: body.name, intro: body.intro, questions: body.questions },
      select: SURVEY_SELECT,
    });
    return toResponse(row);
  }

  /**
   * Answers refer to question and option ids: a changed label keeps them, a removed question's
   * answers stay stored but are no longer counted.
   */
  async update(principal: Principal, id: number, body: UpdateSurveyDto): Promise<SurveyResponse> {
    await this.find(principal, id);
    const row = await this.prisma.client.survey.update({
      where: { id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.intro !== undefined ? { intro: body.intro } : {}),
        ...(body.questions !== undefined ? { questions: body.questions } : {}),
      },
      select: SURVEY_SELECT,
    });
    return toResponse(row);
  }

  /** Only a survey without results: deleting results is a step of its own, confirmed and audited. */
  async delete(principal: Principal, id: number): Promise<void> {
    const survey = await this.find(principal, id);
    if (survey._count.responses > 0) {
      throw DomainError.conflict(
        `Survey ${id} has ${survey._count.responses} results: delete its results first (POST /surveys/${id}/results/delete)`,
      );
    }
    await this.prisma.client.survey.deleteMany({ where: { id, accountId: principal.accountId } });
  }

  private async find(principal: Principal, id: number): Promise<SurveyRow> {
    const row = await this.prisma.client.survey.findFirst({
      where: { id, accountId: principal.accountId },
      select: SURVEY_SELECT,
    });
    if (!row) throw DomainError.notFound('Survey', id);
    return row;
  }
}

function toResponse(row: SurveyRow): SurveyResponse {
  return {
    id: row.id,
    name: row.name,
    intro: row.intro,
    questions: storedQuestions(row.questions),
    responses: row._count.responses,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
