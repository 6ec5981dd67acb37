package dev.spate.bench.ssb;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.SplittableRandom;

/** The rows of the dimension tables: customer, supplier, part and date. */
final class DimensionRows {
  private DimensionRows() {}

  /** {@code count} customers with keys 1..count. */
  static TableRows customers(int count, SplittableRandom random) {
    return new KeyedRows(count) {
      @Override
      void row(BatchColumns out, int row, int key) {
        party(out, row, key, "Customer", random);
        out.setString(7, row, SsbDomains.pick(random, SsbDomains.SEGMENTS));
      }
    };
  }

  /** {@code count} suppliers with keys 1..count. */
  static TableRows suppliers(int count, SplittableRandom random) {
    return new KeyedRows(count) {
      @Override
      void row(BatchColumns out, int row, int key) {
        party(out, row, key, "Supplier", random);
      }
    };
  }

  /**
   * The columns customers and suppliers share: key, name ({@code <kind>#<key, 9 digits>}),
   * address, city, nation, region and phone, drawn in this order from {@code random}.
   */
  private static void party(BatchColumns out, int row, int key, String kind,
      SplittableRandom random) {
    int nation = random.nextInt(SsbDomains.NATIONS.size());
    out.setInt(0, row, key);
    out.setString(1, row, String.format(Locale.ROOT, "%s#%09d", kind, key));
    out.setString(2, row, SsbDomains.address(random));
    out.setString(3, row, SsbDomains.city(nation, random.nextInt(10)));
    out.setString(4, row, SsbDomains.NATIONS.get(nation));
    out.setString(5, row, SsbDomains.region(nation));
    out.setString(6, row, SsbDomains.phone(random, nation));
  }

  /**
   * {@code count} parts with keys 1..count: manufacturer {@code MFGR#1..5}, category {@code
   * MFGR#11..55} (manufacturer digit then 1..5), brand {@code MFGR#111..5540} (category then
   * 1..40).
   */
  static TableRows parts(int count, SplittableRandom random) {
    return new KeyedRows(count) {
      @Override
      void row(BatchColumns out, int row, int key) {
        String firstColor = SsbDomains.pick(random, SsbDomains.COLORS);
        String secondColor = SsbDomains.pick(random, SsbDomains.COLORS);
        String manufacturer = "MFGR#" + random.nextInt(1, 6);
        String category = manufacturer + random.nextInt(1, 6);
        out.setInt(0, row, key);
        out.setString(1, row, firstColor + " " + secondColor);
        out.setString(2, row, manufacturer);
        out.setString(3, row, category);
        out.setString(4, row, category + random.nextInt(1, 41));
        out.setString(5, row, SsbDomains.pick(random, SsbDomains.COLORS));
        out.setString(6, row, SsbDomains.pick(random, SsbDomains.TYPE_SIZES) + " "
            + SsbDomains.pick(random, SsbDomains.TYPE_FINISHES) + " "
            + SsbDomains.pick(random, SsbDomains.TYPE_MATERIALS));
        out.setInt(7, row, random.nextInt(1, 51));
        out.setString(8, row, SsbDomains.pick(random, SsbDomains.CONTAINER_SIZES) + " "
            + SsbDomains.pick(random, SsbDomains.CONTAINER_KINDS));
      }
    };
  }

  /** One row per day of {@link SsbCalendar}, in date order. */
  static TableRows dates() {
    return new KeyedRows(SsbCalendar.DAYS) {
      @Override
      void row(BatchColumns out, int row, int key) {
        LocalDate date = SsbCalendar.day(key - 1);
        DayOfWeek dayOfWeek = date.getDayOfWeek();
        String month = date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        out.setInt(0, row, SsbCalendar.dateKey(date));
        out.setString(1, row, month + " " + date.getDayOfMonth() + ", " + date.getYear());
        out.setString(2, row, dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        out.setString(3, row, month);
        out.setInt(4, row, date.getYear());
        out.setInt(5, row, date.getYear() * 100 + date.getMonthValue());
        out.setString(6, row, month.substring(0, 3) + date.getYear());
        out.setInt(7, row, dayOfWeek.getValue() % 7 + 1);
        out.setInt(8, row, date.getDayOfMonth());
        out.setInt(9, row, date.getDayOfYear());
        out.setInt(10, row, date.getMonthValue());
        out.setInt(11, row, (date.getDayOfYear() - 1) / 7 + 1);
        out.setString(12, row, sellingSeason(date.getMonth()));
        out.setInt(13, row, dayOfWeek == DayOfWeek.SATURDAY ? 1 : 0);
        out.setInt(14, row, date.getDayOfMonth() == date.lengthOfMonth() ? 1 : 0);
        out.setInt(15, row, isHoliday(date) ? 1 : 0);
        out.setInt(16, row, dayOfWeek.getValue() <= 5 ? 1 : 0);
      }
    };
  }

  private static String sellingSeason(Month month) {
    switch (month) {
      case DECEMBER:
        return "Christmas";
      case JANUARY:
      case FEBRUARY:
        return "Winter";
      case MARCH:
      case APRIL:
      case MAY:
        return "Spring";
      case JUNE:
      case JULY:
      case AUGUST:
        return "Summer";
      default:
        return "Fall";
    }
  }

  /** New Year's Day, Independence Day, Veterans Day and Christmas Day. */
  private static boolean isHoliday(LocalDate date) {
    int monthDay = date.getMonthValue() * 100 + date.getDayOfMonth();
    return monthDay == 101 || monthDay == 704 || monthDay == 1111 || monthDay == 1225;
  }

  /** Rows with keys 1..count, one call of {@link #row} each. */
  private abstract static class KeyedRows implements TableRows {
    private final int count;
    private int nextKey = 1;

    KeyedRows(int count) {
      this.count = count;
    }

    @Override
    public final int fill(BatchColumns out, int capacity) {
      int rows = Math.min(capacity, count - nextKey + 1);
      for (int row = 0; row < rows; row++) {
        row(out, row, nextKey++);
      }
      return rows;
    }

    abstract void row(BatchColumns out, int row, int key);
  }
}
