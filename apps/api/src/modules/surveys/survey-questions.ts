import { z } from 'zod';
import { SurveyQuestion } from '@herald/contracts';

const StoredQuestions = z.array(SurveyQuestion);

/** A survey's questions as stored (written through the contract, so this only types them); none when unreadable. */
export function storedQuestions(value: unknown): SurveyQuestion[] {
  const parsed = StoredQuestions.safeParse(value);
  return parsed.success ? parsed.data : [];
}
