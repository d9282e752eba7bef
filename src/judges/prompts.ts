/**
 * Judge prompts per probe kind, after LongMemEval's evaluation prompts (answer "yes" or "no";
 * verdict = whether the reply contains "yes"). Changing any wording changes scores, so bump
 * JUDGE_PROMPT_VERSION with it; run.json records the version.
 */
export const JUDGE_PROMPT_VERSION = 'judge-v1';

export interface JudgePromptInput {
  /** Probe kind from the scenario; kinds without their own prompt use the recall prompt. */
  kind: string;
  question: string;
  /** The right answer in words (for abstention probes: why the question cannot be answered, or empty). */
  expectedAnswer: string;
  /** The chatbot's reply being judged. */
  answer: string;
}

const ASK = 'Is the model response correct? Answer yes or no only.';

const body = (i: JudgePromptInput) =>
  `Question: ${i.question}\n\nCorrect answer: ${i.expectedAnswer}\n\nModel response: ${i.answer}\n\n${ASK}`;

const RECALL =
  'I will give you a question, a correct answer, and a response from a model. Answer yes if the ' +
  'response contains the correct answer, or is equivalent to it. Answer no if the response only ' +
  'contains part of the information the answer requires, contradicts it, or does not answer.';

/** Prompt builders by probe kind; adding one is one line. */
export const JUDGE_PROMPTS: Record<'recall' | 'update' | 'temporal' | 'abstain', (i: JudgePromptInput) => string> = {
  recall: (i) => `${RECALL}\n\n${body(i)}`,
  update: (i) =>
    `${RECALL} The user's information changed over time and the correct answer is the latest value. ` +
    'If the response mentions earlier values along with the latest one, it is correct as long as it ' +
    'gives the latest value as the answer; if it gives an earlier value as the answer, it is wrong.' +
    `\n\n${body(i)}`,
  temporal: (i) =>
    `${RECALL} The question is about time (a date, a day, an order of events or a duration). Do not ` +
    'penalise off-by-one errors in a count of days, weeks or months (e.g. 18 days for 19).' +
    `\n\n${body(i)}`,
  abstain: (i) =>
    'I will give you a question that cannot be answered from the conversation, an explanation, and a ' +
    'response from a model. Answer yes if the model says it does not know, that the information is ' +
    'missing or incomplete, or that it was never told. Answer no if the model gives an answer as fact.' +
    `\n\nQuestion: ${i.question}\n\nExplanation: ${i.expectedAnswer || 'the conversation never says'}\n\n` +
    `Model response: ${i.answer}\n\nDoes the model correctly identify the question as unanswerable? Answer yes or no only.`,
};

/** The prompt for a probe; unknown kinds fall back to recall. */
export function judgePrompt(input: JudgePromptInput): string {
  const build =
    (JUDGE_PROMPTS as Record<string, ((i: JudgePromptInput) => string) | undefined>)[input.kind] ??
    JUDGE_PROMPTS.recall;
  return build(input);
}

/** LongMemEval's rule, kept literally for comparable scores: correct when the reply contains "yes". */
export function parseVerdict(reply: string): boolean {
  return reply.toLowerCase().includes('yes');
}
