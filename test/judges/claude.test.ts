import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeJudge, createClaudeJudge, isLlmJudgeSpec, parseJudgeSpec } from '../../src/judges/claude.js';
import { JUDGE_PROMPT_VERSION, judgePrompt, parseVerdict, type JudgePromptInput } from '../../src/judges/prompts.js';
import { SpendLedger } from '../../src/models/spend.js';
import { CANARY_KEY, mockedClaude } from '../helpers/anthropic.js';
import { withMockAnthropic } from '../helpers/mock-anthropic.js';

const input = (kind: string, answer: string): JudgePromptInput => ({
  kind,
  question: 'Where do I live now?',
  expectedAnswer: 'Porto',
  answer,
});

describe('verdict parsing (LongMemEval rule)', () => {
  it.each([
    ['yes', true],
    ['Yes.', true],
    ['YES — the response names Porto', true],
    ['no', false],
    ['No.', false],
    ['', false],
  ])('%j → %s', (reply, correct) => {
    expect(parseVerdict(reply)).toBe(correct);
  });
});

describe('prompt per probe kind', () => {
  it('has its own wording for recall, update, temporal and abstain, and falls back to recall', () => {
    const recall = judgePrompt(input('recall', 'Porto'));
    expect(recall).toMatch(/contains the correct answer/);
    expect(recall).toContain('Correct answer: Porto');
    expect(recall).toContain('Model response: Porto');
    expect(judgePrompt(input('update', 'Porto'))).toMatch(/latest value/);
    expect(judgePrompt(input('temporal', 'Porto'))).toMatch(/off-by-one/);
    const abstain = judgePrompt({
      kind: 'abstain',
      question: 'What is my dog called?',
      expectedAnswer: '',
      answer: "I don't know.",
    });
    expect(abstain).toMatch(/identify the question as unanswerable/);
    expect(abstain).toContain('Explanation: the conversation never says');
    expect(judgePrompt(input('multi-hop', 'Porto'))).toBe(recall);
    expect(judgePrompt(input('preference', 'Porto'))).toBe(recall);
  });
});

describe('judge spec', () => {
  it('parses claude:<model> and rejects anything else', () => {
    expect(isLlmJudgeSpec('claude:claude-haiku-4-5')).toBe(true);
    expect(isLlmJudgeSpec('contains')).toBe(false);
    expect(parseJudgeSpec('claude:claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(() => parseJudgeSpec('claude:')).toThrow(/claude:<model id>/);
    expect(() => parseJudgeSpec('gpt:4')).toThrow(/claude:<model id>/);
  });
});

describe('ClaudeJudge against the mock', () => {
  it('sends the kind-specific prompt and returns verdict, usage, cost, model and prompt version', async () => {
    await withMockAnthropic(async (mock) => {
      mock.script(
        { kind: 'ok', text: 'Yes.', usage: { input_tokens: 200, output_tokens: 2 } },
        { kind: 'ok', text: 'No', usage: { input_tokens: 210, output_tokens: 1 } },
      );
      const ledger = new SpendLedger();
      const judge = new ClaudeJudge(mockedClaude(mock), ledger);
      const yes = await judge.judge(input('update', 'You moved to Porto last week.'));
      expect(yes).toEqual({
        correct: true,
        score: 1,
        usage: { inputTokens: 200, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: (200 * 1 + 2 * 5) / 1e6,
        judgeModel: 'claude-haiku-4-5',
        promptVersion: JUDGE_PROMPT_VERSION,
        cached: false,
        rawVerdict: 'Yes.',
      });
      expect(mock.requests[0].body.messages[0].content).toMatch(/latest value/);
      expect(mock.requests[0].body).toMatchObject({ max_tokens: 10, temperature: 0 });
      const no = await judge.judge(input('temporal', 'Lisbon'));
      expect(no).toMatchObject({ correct: false, score: 0 });
      expect(mock.requests[1].body.messages[0].content).toMatch(/off-by-one/);
    });
  });
});

describe('createClaudeJudge', () => {
  it('builds a cached judge charged to the judge account; a replayed verdict costs nothing new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memeval-judge-'));
    try {
      await withMockAnthropic(async (mock) => {
        mock.script({ kind: 'ok', text: 'yes', usage: { input_tokens: 1_000, output_tokens: 1 } });
        const ledger = new SpendLedger();
        const options = {
          ledger,
          cache: { mode: 'auto' as const, dir },
          anthropic: { apiKey: CANARY_KEY, baseURL: mock.url, env: {} },
        };
        const first = await createClaudeJudge('claude:claude-sonnet-4-5', options).judge(input('recall', 'Porto'));
        expect(first).toMatchObject({ correct: true, cached: false, judgeModel: 'claude-sonnet-4-5' });
        expect(ledger.spentUsdFor('judge')).toBeCloseTo((1_000 * 3 + 1 * 15) / 1e6, 12);
        expect(ledger.spentUsdFor('chat')).toBe(0);
        const again = await createClaudeJudge('claude:claude-sonnet-4-5', options).judge(input('recall', 'Porto'));
        expect(again).toMatchObject({ correct: true, cached: true, costUsd: first.costUsd });
        expect(mock.requests).toHaveLength(1);
        expect(ledger.spentUsd).toBeCloseTo(first.costUsd!, 12);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
