import { describe, expect, it } from 'vitest';
import { SurveyQuestions, surveyAnswerText, type SurveyQuestion } from '@herald/contracts';
import { answerCountKey, parseSurveyForm, surveyQuestionResults } from './survey-answers';

const questions: SurveyQuestion[] = SurveyQuestions.parse([
  {
    id: 'colour',
    label: 'Favourite colour',
    kind: 'single',
    required: true,
    options: [
      { id: 'red', label: 'Red' },
      { id: 'blue', label: 'Blue' },
    ],
  },
  {
    id: 'pets',
    label: 'Pets',
    kind: 'multiple',
    options: [
      { id: 'cat', label: 'Cat' },
      { id: 'dog', label: 'Dog' },
    ],
  },
  { id: 'score', label: 'How likely', kind: 'rating', scale: 5 },
  { id: 'why', label: 'Why', kind: 'text' },
]);

describe('parseSurveyForm', () => {
  it('keeps valid answers, one value per chosen option', () => {
    const parsed = parseSurveyForm(questions, {
      'q.colour': 'blue',
      'q.pets': ['cat', 'dog', 'cat'],
      'q.score': '4',
      'q.why': '  because  ',
      'q.other': 'ignored',
    });
    expect(parsed).toEqual({
      ok: true,
      answers: { colour: 'blue', pets: ['cat', 'dog'], score: 4, why: 'because' },
      values: [
        { questionId: 'colour', value: 'blue' },
        { questionId: 'pets', value: 'cat' },
        { questionId: 'pets', value: 'dog' },
        { questionId: 'score', value: '4' },
        { questionId: 'why', value: 'because' },
      ],
    });
  });

  it('leaves optional questions out and asks for required ones', () => {
    expect(parseSurveyForm(questions, { 'q.colour': 'red' })).toEqual({
      ok: true,
      answers: { colour: 'red' },
      values: [{ questionId: 'colour', value: 'red' }],
    });
    const missing = parseSurveyForm(questions, { 'q.colour': ' ', 'q.pets': 'dog' });
    expect(missing).toMatchObject({ ok: false, errors: { colour: 'Please answer this question.' } });
  });

  it('refuses foreign options, two single choices, scores off the scale and over-long text', () => {
    const parsed = parseSurveyForm(questions, {
      'q.colour': ['red', 'blue'],
      'q.pets': 'fish',
      'q.score': '6',
      'q.why': 'x'.repeat(2001),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      colour: 'Choose only one option.',
      pets: 'Choose one of the options given.',
      score: 'Choose a score from 1 to 5.',
      why: 'Keep your answer under 2000 characters.',
    });
    expect(parsed.form.pets).toEqual(['fish']);
    expect(parseSurveyForm(questions, { 'q.colour': 'red', 'q.score': '2.5' }).ok).toBe(false);
    expect(parseSurveyForm(questions, { 'q.colour': { nested: 'red' } }).ok).toBe(false);
  });
});

describe('surveyQuestionResults', () => {
  it('counts each option of the respondents who answered, with a rating average', () => {
    const results = surveyQuestionResults(questions, {
      answered: new Map([
        ['colour', 3],
        ['pets', 2],
        ['score', 2],
        ['why', 1],
      ]),
      byValue: new Map([
        [answerCountKey('colour', 'red'), 1],
        [answerCountKey('colour', 'blue'), 2],
        [answerCountKey('pets', 'cat'), 2],
        [answerCountKey('pets', 'dog'), 1],
        [answerCountKey('score', '5'), 1],
        [answerCountKey('score', '2'), 1],
      ]),
    });
    expect(results[0]!.options.map((o) => [o.label, o.count, o.percentage])).toEqual([
      ['Red', 1, 33.3],
      ['Blue', 2, 66.7],
    ]);
    expect(results[1]!.options.map((o) => o.percentage)).toEqual([100, 50]);
    expect(results[2]!.options.map((o) => o.count)).toEqual([0, 1, 0, 0, 1]);
    expect(results[2]!.average).toBe(3.5);
    expect(results[3]).toEqual({
      questionId: 'why',
      label: 'Why',
      kind: 'text',
      answered: 1,
      options: [],
      average: null,
    });
  });

  it('gives 0 % and no average without answers', () => {
    const results = surveyQuestionResults(questions, { answered: new Map(), byValue: new Map() });
    expect(results[0]!.options[0]!.percentage).toBe(0);
    expect(results[2]!.average).toBeNull();
  });
});

describe('surveyAnswerText', () => {
  it('shows option labels', () => {
    expect(surveyAnswerText(questions[1]!, ['cat', 'dog'])).toBe('Cat; Dog');
    expect(surveyAnswerText(questions[2]!, 4)).toBe('4');
    expect(surveyAnswerText(questions[0]!, undefined)).toBe('');
  });
});
