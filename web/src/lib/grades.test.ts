import { describe, expect, it } from 'vitest';
import { attemptsText, latePolicyText, scoreText } from './grades';

describe('grade wording', () => {
	it('reads scores, attempts and late policies as a person would say them', () => {
		expect(scoreText(85)).toBe('85%');
		expect(scoreText(0)).toBe('0%');
		expect(scoreText(null)).toBe('—');
		expect(attemptsText(1, null)).toBe('1 attempt');
		expect(attemptsText(2, 3)).toBe('2 of 3 attempts');
		expect(attemptsText(0, 1)).toBe('0 of 1 attempt');
		expect(latePolicyText({ latePolicy: 'penalty', latePenaltyPercent: 10 })).toBe(
			'−10% per day late'
		);
		expect(latePolicyText({ latePolicy: 'refuse', latePenaltyPercent: 0 })).toBe(
			'Late work not accepted'
		);
	});
});
