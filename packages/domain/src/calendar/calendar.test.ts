import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDayOnOrAfter,
  isBusinessDay,
  isHolidayCalendar,
  nextBusinessDay,
  publicHolidays,
} from './calendar';

describe('isBusinessDay', () => {
  it('counts Monday to Friday as business days when no calendar is given', () => {
    expect(isBusinessDay('2026-05-01')).toBe(true); // a Friday
    expect(isBusinessDay('2026-05-02')).toBe(false); // Saturday
    expect(isBusinessDay('2026-05-03')).toBe(false); // Sunday
  });
  it('skips the French public holidays: 1 May, 8 May, Ascension, Whit Monday', () => {
    for (const d of ['2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25'])
      expect(isBusinessDay(d, 'FR')).toBe(false);
    expect(isBusinessDay('2026-05-04', 'FR')).toBe(true);
  });
  it('ignores entries that are not public holidays (observances, optional days)', () => {
    expect(isBusinessDay('2026-11-27', 'US')).toBe(true); // "Day after Thanksgiving", an observance
    expect(isBusinessDay('2026-12-24', 'US')).toBe(true); // Christmas Eve, optional
    expect(isBusinessDay('2026-11-26', 'US')).toBe(false); // Thanksgiving
  });
  it('uses the British bank holidays for GB, with substitute days', () => {
    expect(isBusinessDay('2026-04-03', 'GB')).toBe(false); // Good Friday (a working day in France)
    expect(isBusinessDay('2026-04-03', 'FR')).toBe(true);
    expect(isBusinessDay('2026-05-04', 'GB')).toBe(false); // Early May bank holiday
    expect(isBusinessDay('2026-12-28', 'GB')).toBe(false); // Boxing Day substitute (26th is a Saturday)
    expect(isBusinessDay('2026-05-01', 'GB')).toBe(true);
  });
  it('knows subdivisions: England has the August bank holiday UK-wide GB lacks', () => {
    expect(isBusinessDay('2026-08-31', 'GB-ENG')).toBe(false);
    expect(isBusinessDay('2026-08-31', 'GB')).toBe(true);
  });
  it('rejects malformed dates and unknown calendars, even on a weekend', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(
      expect.objectContaining({ code: 'calendar.invalid_date' }),
    );
    expect(() => isBusinessDay('30/04/2026')).toThrow(
      expect.objectContaining({ code: 'calendar.invalid_date' }),
    );
    expect(() => isBusinessDay('2026-05-02', 'XX')).toThrow(
      expect.objectContaining({ code: 'calendar.unknown_holidays' }),
    );
  });
});

describe('addBusinessDays', () => {
  it('jumps the weekend and 1 May: Thursday 30 April + 1 is Monday 4 May in France', () => {
    expect(addBusinessDays('2026-04-30', 1, 'FR')).toBe('2026-05-04');
    expect(addBusinessDays('2026-04-30', 1)).toBe('2026-05-01');
  });
  it('counts from a non-business day to the following ones', () => {
    expect(addBusinessDays('2026-05-02', 1, 'FR')).toBe('2026-05-04');
    expect(addBusinessDays('2026-05-02', 5, 'FR')).toBe('2026-05-11'); // 8 May skipped
  });
  it('returns the date unchanged for n = 0 and goes back for n < 0', () => {
    expect(addBusinessDays('2026-05-02', 0, 'FR')).toBe('2026-05-02');
    expect(addBusinessDays('2026-05-04', -1, 'FR')).toBe('2026-04-30');
  });
  it('crosses the year end over Christmas and New Year', () => {
    expect(addBusinessDays('2026-12-24', 1, 'GB')).toBe('2026-12-29');
    expect(addBusinessDays('2026-12-31', 1, 'FR')).toBe('2027-01-04');
  });
  it('refuses fractional counts', () => {
    expect(() => addBusinessDays('2026-05-04', 1.5)).toThrow(
      expect.objectContaining({ code: 'calendar.invalid_count' }),
    );
  });
});

describe('nextBusinessDay', () => {
  it('is the first business day strictly after the date', () => {
    expect(nextBusinessDay('2026-05-04', 'FR')).toBe('2026-05-05');
    expect(nextBusinessDay('2026-05-07', 'FR')).toBe('2026-05-11');
  });
});

describe('businessDayOnOrAfter', () => {
  it('keeps a business day and moves a day off forward', () => {
    expect(businessDayOnOrAfter('2026-05-04', 'FR')).toBe('2026-05-04');
    expect(businessDayOnOrAfter('2026-05-08', 'FR')).toBe('2026-05-11');
  });
});

describe('publicHolidays', () => {
  it('lists the 11 French public holidays of 2026 in date order', () => {
    const dates = publicHolidays(2026, 'FR').map((h) => h.date);
    expect(dates).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    expect(publicHolidays(2026, 'FR')[2]).toEqual({ date: '2026-05-01', name: 'Fête du travail' });
  });
  it('adds the Alsace-Moselle days for FR-67', () => {
    const dates = publicHolidays(2026, 'FR-67').map((h) => h.date);
    expect(dates).toContain('2026-04-03');
    expect(dates).toContain('2026-12-26');
  });
  it('returns copies, so callers cannot corrupt the cache', () => {
    (publicHolidays(2026, 'GB')[0] as { date: string }).date = 'tampered';
    expect(publicHolidays(2026, 'GB')[0]?.date).toBe('2026-01-01');
  });
  it('rejects unknown calendars and absurd years', () => {
    expect(() => publicHolidays(2026, 'ZZ')).toThrow(
      expect.objectContaining({ code: 'calendar.unknown_holidays' }),
    );
    expect(() => publicHolidays(20260, 'FR')).toThrow(
      expect.objectContaining({ code: 'calendar.invalid_year' }),
    );
  });
});

describe('isHolidayCalendar', () => {
  it('accepts countries and subdivisions date-holidays knows, upper case', () => {
    for (const ok of ['FR', 'GB', 'DE', 'US', 'GB-ENG', 'FR-67', 'DE-BY'])
      expect(isHolidayCalendar(ok)).toBe(true);
    for (const bad of ['fr', 'XX', 'FRA', 'GB-XYZ', 'GB-', '', 'FR-67-1'])
      expect(isHolidayCalendar(bad)).toBe(false);
  });
});
