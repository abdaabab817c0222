import { floorDiv, floorMod } from './bigint-math.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from './civil-time.ts';
import { NANOS_PER_DAY } from './sql-value.ts';

/**
 * Moves a timestamp by whole months, keeping the time of day and clamping the day to the target
 * month's length (Jan 31 + 1 month = Feb 28/29), as Presto does.
 */
export function addMonthsToTimestamp(nanos: bigint, months: number): bigint {
  const days = Number(floorDiv(nanos, NANOS_PER_DAY));
  const timeOfDay = floorMod(nanos, NANOS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return BigInt(daysFromCivil(newYear, newMonth, newDay)) * NANOS_PER_DAY + timeOfDay;
}
