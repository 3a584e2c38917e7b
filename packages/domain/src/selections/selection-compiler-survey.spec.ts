import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import { compileSelection, type CompileSelectionOptions } from './selection-compiler';
import type { SelectionNode } from './selection-tree';

const profiles: CompileSelectionOptions = { table: 'Profile', alias: 'p', paramOffset: 1 };
const compileOne = (node: SelectionNode, options = profiles) =>
  compileSelection({ op: 'AND', conditions: [node] }, [], options);

describe('compileSelection: survey answers', () => {
  it('matches a profile that answered the question, with one of the values, from one mailing', () => {
    expect(compileOne({ survey: 3, question: 'colour', values: ['blue', 'red', 'blue'], mailingId: 9 })).toEqual({
      sql: `EXISTS (SELECT 1 FROM "SurveyAnswer" p_a1 JOIN "SurveyResponse" p_r1 ON p_r1."id" = p_a1."responseId" WHERE p_r1."profileId" = p."id" AND p_r1."surveyId" = $2::int AND p_a1."questionId" = $3::text AND p_a1."value" IN ($4::text, $5::text) AND p_r1."mailingId" = $6::int)`,
      params: ['3', 'colour', 'blue', 'red', '9'],
    });
  });

  it('matches any answer without values, "did not" with negate, and subprofiles through their profile', () => {
    const { sql, params } = compileOne(
      { survey: 3, question: 'why', negate: true },
      { table: 'Subprofile', alias: 's', paramOffset: 0 },
    );
    expect(sql).toBe(
      `NOT EXISTS (SELECT 1 FROM "SurveyAnswer" s_a1 JOIN "SurveyResponse" s_r1 ON s_r1."id" = s_a1."responseId" WHERE s_r1."profileId" = s."profileId" AND s_r1."surveyId" = $1::int AND s_a1."questionId" = $2::text)`,
    );
    expect(params).toEqual(['3', 'why']);
  });

  it('refuses bad survey conditions, each at its path', () => {
    let issues: unknown;
    try {
      compileOne({
        survey: 0,
        question: "x' OR 1=1 --",
        values: [],
        mailingId: 1.5,
        negate: 'yes',
      } as unknown as SelectionNode);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      issues = (error as DomainError).issues;
    }
    expect(issues).toEqual([
      { path: 'conditions.0.survey', message: 'must be a survey id' },
      { path: 'conditions.0.question', message: 'must be a question id' },
      { path: 'conditions.0.values', message: 'must be 1 to 1000 answers of 1 to 2000 characters' },
      { path: 'conditions.0.mailingId', message: 'must be a mailing id' },
      { path: 'conditions.0.negate', message: 'must be true or false' },
    ]);
  });
});
