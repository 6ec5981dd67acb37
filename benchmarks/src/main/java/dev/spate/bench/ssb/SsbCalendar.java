package dev.spate.bench.ssb;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The days of the date dimension: the seven years 1992-01-01 to 1998-12-31 (2,557 days; the
 * original dbgen stops a day early), and TPC-H's order date range, which ends 151 days before the
 * last day so that commit dates (up to 90 days later) stay inside the calendar.
 */
final class SsbCalendar {
  static final LocalDate FIRST_DAY = LocalDate.of(1992, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(1998, 12, 31);
  static final int DAYS = (int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
  /** Index of the last possible order date, 1998-08-02. */
  static final int LAST_ORDER_DAY = DAYS - 1 - 151;

  private static final int[] DATE_KEYS = new int[DAYS];

  static {
    for (int day = 0; day < DAYS; day++) {
      DATE_KEYS[day] = dateKey(FIRST_DAY.plusDays(day));
    }
  }

  private SsbCalendar() {}

  static LocalDate day(int index) {
    return FIRST_DAY.plusDays(index);
  }

  /** The {@code yyyymmdd} key of the day at {@code index} (0 is 1992-01-01). */
  static int dateKey(int index) {
    return DATE_KEYS[index];
  }

  static int dateKey(LocalDate date) {
    return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }
}
