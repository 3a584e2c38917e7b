export {
  CONDITION_OPERATORS,
  type ConditionOperator,
  type ConditionValue,
  type FieldCondition,
  RESULT_KINDS,
  type ResultCondition,
  type ResultKind,
  SELECTION_LIMITS,
  type SelectionGroup,
  type SelectionNode,
  selectionDepthProblem,
  selectionGroupDepth,
  type SurveyCondition,
} from './selection-tree';
export {
  compileSelection,
  type CompiledSelection,
  type CompileSelectionOptions,
  escapeLikePattern,
} from './selection-compiler';
