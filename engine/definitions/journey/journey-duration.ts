import { z } from 'zod';
import { journeyIssue } from './journey-problems.js';

/**
 * Durations as a subset of ISO 8601: days, hours and minutes only
 * (`PT30M`, `PT2H`, `P3D`, `P1DT12H`). Months and years are left out on
 * purpose: their length varies, and "wait a month" is better said as a day
 * count or a wait-until. A duration is elapsed time: P1D is 1,440 minutes.
 */
const durationPattern = /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?)?$/;

export const minDurationMinutes = 1;
export const maxDurationDays = 366;

/** Minutes in a duration string, or undefined when it is not one. */
export function durationToMinutes(duration: string): number | undefined {
  const m = durationPattern.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const [days, hours, minutes] = [m[1], m[2], m[3]].map((v) => (v === undefined ? 0 : Number(v)));
  return days * 1440 + hours * 60 + minutes;
}

export const durationSchema = z.string().superRefine((duration, ctx) => {
  const minutes = durationToMinutes(duration);
  if (minutes === undefined) ctx.addIssue(journeyIssue([], 'durationFormat'));
  else if (minutes < minDurationMinutes || minutes > maxDurationDays * 1440) {
    ctx.addIssue(journeyIssue([], 'durationRange', { min: minDurationMinutes, maxDays: maxDurationDays }));
  }
});
