import { durationSchema, durationToMinutes } from './journey-duration.js';
import { journeyProblemOfIssue } from './journey-problems.js';

const problemCodes = (text: string) => (durationSchema.safeParse(text).error?.issues ?? []).map((i) => journeyProblemOfIssue(i).code);

test.each([
  ['PT30M', 30],
  ['PT2H', 120],
  ['P3D', 4320],
  ['P1DT12H', 2160],
  ['P1DT2H5M', 1565],
])('%s lasts %i minutes', (text, minutes) => {
  expect(durationToMinutes(text)).toBe(minutes);
  expect(problemCodes(text)).toEqual([]);
});

test.each(['', 'P', 'PT', 'P1D T2H', '30M', 'P1M', 'P1W', 'P1Y', 'PT1.5H', 'P-1D', 'p1d', 'P1DT'])('%j is not a duration', (text) => {
  expect(durationToMinutes(text)).toBeUndefined();
  expect(problemCodes(text)).toEqual(['durationFormat']);
});

test('a duration lasts at least a minute and at most 366 days', () => {
  expect(problemCodes('PT0M')).toEqual(['durationRange']);
  expect(problemCodes('P367D')).toEqual(['durationRange']);
  expect(problemCodes('P366D')).toEqual([]);
});
