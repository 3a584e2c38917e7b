export {
  answerCountKey,
  parseSurveyForm,
  surveyFieldName,
  surveyQuestionResults,
  type ParsedSurveyForm,
  type SurveyAnswerCounts,
  type SurveyAnswerValue,
} from './survey-answers';
