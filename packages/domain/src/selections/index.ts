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
} from './selection-tree';
export {
  compileSelection,
  type CompiledSelection,
  type CompileSelectionOptions,
  escapeLikePattern,
  OPERATORS_BY_TYPE as CONDITION_OPERATORS_BY_TYPE,
} from './selection-compiler';
