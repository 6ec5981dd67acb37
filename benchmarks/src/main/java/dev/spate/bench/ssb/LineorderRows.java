package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * The lineorder fact table: orders 1..orderCount, each with 1 to 7 lines (4 on average, so SF ×
 * 6 M rows for SF × 1.5 M orders). Per order: a customer, an order date in TPC-H's range, a
 * priority and the order total; per line: part, supplier, quantity 1..50, discount 0..10 (%), tax
 * 0..8 (%), commit date 30..90 days after the order, ship mode. Prices are cents: extended price
 * = quantity × the part's retail price (at most 10,495,000, so {@code lo_extendedprice *
 * lo_discount} fits an INT), revenue = extended price × (100 - discount) / 100, supply cost =
 * 6/10 of the retail price, order total = Σ extended price × (100 + tax) × (100 - discount) / 10⁴.
 */
final class LineorderRows implements TableRows {
  private static final int MAX_LINES = 7;

  private final int orderCount;
  private final int customers;
  private final int parts;
  private final int suppliers;
  private final SplittableRandom random;

  private int nextOrder = 1;
  private int lineCount;
  private int nextLine;
  private int customer;
  private int orderDay;
  private byte[] priority;
  private int totalPrice;
  private final int[] part = new int[MAX_LINES];
  private final int[] supplier = new int[MAX_LINES];
  private final int[] quantity = new int[MAX_LINES];
  private final int[] extendedPrice = new int[MAX_LINES];
  private final int[] discount = new int[MAX_LINES];
  private final int[] tax = new int[MAX_LINES];
  private final int[] supplyCost = new int[MAX_LINES];
  private final int[] commitDay = new int[MAX_LINES];
  private final byte[][] shipMode = new byte[MAX_LINES][];

  LineorderRows(int orderCount, int customers, int parts, int suppliers,
      SplittableRandom random) {
    this.orderCount = orderCount;
    this.customers = customers;
    this.parts = parts;
    this.suppliers = suppliers;
    this.random = requireNonNull(random, "random is null");
  }

  @Override
  public int fill(BatchColumns out, int capacity) {
    int row = 0;
    while (row < capacity) {
      if (nextLine == lineCount) {
        if (nextOrder > orderCount) {
          break;
        }
        generateOrder();
      }
      writeLine(out, row++);
    }
    return row;
  }

  private void generateOrder() {
    customer = random.nextInt(1, customers + 1);
    orderDay = random.nextInt(SsbCalendar.LAST_ORDER_DAY + 1);
    priority = SsbDomains.pick(random, SsbDomains.ORDER_PRIORITIES);
    lineCount = random.nextInt(1, MAX_LINES + 1);
    nextLine = 0;
    long total = 0;
    for (int line = 0; line < lineCount; line++) {
      part[line] = random.nextInt(1, parts + 1);
      supplier[line] = random.nextInt(1, suppliers + 1);
      quantity[line] = random.nextInt(1, 51);
      int retailPrice = SsbDomains.retailPriceCents(part[line]);
      extendedPrice[line] = quantity[line] * retailPrice;
      discount[line] = random.nextInt(0, 11);
      tax[line] = random.nextInt(0, 9);
      supplyCost[line] = retailPrice * 6 / 10;
      commitDay[line] = orderDay + random.nextInt(30, 91);
      shipMode[line] = SsbDomains.pick(random, SsbDomains.SHIP_MODES);
      total += (long) extendedPrice[line] * (100 + tax[line]) * (100 - discount[line]) / 10_000;
    }
    totalPrice = Math.toIntExact(total);
  }

  private void writeLine(BatchColumns out, int row) {
    int line = nextLine++;
    out.setInt(0, row, nextOrder);
    out.setInt(1, row, line + 1);
    out.setInt(2, row, customer);
    out.setInt(3, row, part[line]);
    out.setInt(4, row, supplier[line]);
    out.setInt(5, row, SsbCalendar.dateKey(orderDay));
    out.setString(6, row, priority);
    out.setInt(7, row, 0);
    out.setInt(8, row, quantity[line]);
    out.setInt(9, row, extendedPrice[line]);
    out.setInt(10, row, totalPrice);
    out.setInt(11, row, discount[line]);
    out.setInt(12, row, extendedPrice[line] * (100 - discount[line]) / 100);
    out.setInt(13, row, supplyCost[line]);
    out.setInt(14, row, tax[line]);
    out.setInt(15, row, SsbCalendar.dateKey(commitDay[line]));
    out.setString(16, row, shipMode[line]);
    if (nextLine == lineCount) {
      nextOrder++;
    }
  }
}
