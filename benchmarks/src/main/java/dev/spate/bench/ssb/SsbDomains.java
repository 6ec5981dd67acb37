package dev.spate.bench.ssb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The value domains of the SSB specification (inherited from TPC-H dbgen): nations and their
 * regions, cities (the first nine characters of the nation, padded, plus a digit: {@code UNITED
 * KI1}), market segments, part colors, types and containers, order priorities and ship modes, and
 * the retail price of a part in cents.
 */
final class SsbDomains {
  static final List<String> REGIONS = List.of("AFRICA", "AMERICA", "ASIA", "EUROPE",
      "MIDDLE EAST");

  /** TPC-H's 25 nations in key order. */
  static final List<String> NATIONS = List.of("ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT",
      "ETHIOPIA", "FRANCE", "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN",
      "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU", "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM",
      "RUSSIA", "UNITED KINGDOM", "UNITED STATES");

  /** The region key of each nation key. */
  private static final int[] NATION_REGION = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0,
      1, 2, 3, 4, 2, 3, 3, 1};

  static final List<String> SEGMENTS = List.of("AUTOMOBILE", "BUILDING", "FURNITURE",
      "MACHINERY", "HOUSEHOLD");

  static final List<String> COLORS = List.of("almond", "antique", "aquamarine", "azure", "beige",
      "bisque", "black", "blanched", "blue", "blush", "brown", "burlywood", "burnished",
      "chartreuse", "chiffon", "chocolate", "coral", "cornflower", "cornsilk", "cream", "cyan",
      "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral", "forest", "frosted",
      "gainsboro", "ghost", "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory",
      "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon",
      "medium", "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive",
      "orange", "orchid", "pale", "papaya", "peach", "peru", "pink", "plum", "powder", "puff",
      "purple", "red", "rose", "rosy", "royal", "saddle", "salmon", "sandy", "seashell", "sienna",
      "sky", "slate", "smoke", "snow", "spring", "steel", "tan", "thistle", "tomato", "turquoise",
      "violet", "wheat", "white", "yellow");

  static final List<String> TYPE_SIZES = List.of("STANDARD", "SMALL", "MEDIUM", "LARGE",
      "ECONOMY", "PROMO");
  static final List<String> TYPE_FINISHES = List.of("ANODIZED", "BURNISHED", "PLATED", "POLISHED",
      "BRUSHED");
  static final List<String> TYPE_MATERIALS = List.of("TIN", "NICKEL", "BRASS", "STEEL", "COPPER");
  static final List<String> CONTAINER_SIZES = List.of("SM", "LG", "MED", "JUMBO", "WRAP");
  static final List<String> CONTAINER_KINDS = List.of("CASE", "BOX", "BAG", "JAR", "PKG", "PACK",
      "CAN", "DRUM");

  static final List<byte[]> ORDER_PRIORITIES = utf8(List.of("1-URGENT", "2-HIGH", "3-MEDIUM",
      "4-NOT SPECIFIED", "5-LOW"));
  static final List<byte[]> SHIP_MODES = utf8(List.of("REG AIR", "AIR", "RAIL", "SHIP", "TRUCK",
      "MAIL", "FOB"));

  /** Characters of TPC-H's random text ("v-strings") used for addresses. */
  private static final String ADDRESS_CHARACTERS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,. ";

  private SsbDomains() {}

  static String region(int nationKey) {
    return REGIONS.get(NATION_REGION[nationKey]);
  }

  /** A city of the nation: its name cut or padded to nine characters plus the digit. */
  static String city(int nationKey, int digit) {
    String nation = NATIONS.get(nationKey);
    StringBuilder city = new StringBuilder(10);
    city.append(nation, 0, Math.min(9, nation.length()));
    while (city.length() < 9) {
      city.append(' ');
    }
    return city.append(digit).toString();
  }

  /** TPC-H's retail price of a part, in cents: 90,000 to 209,899. */
  static int retailPriceCents(int partKey) {
    return 90_000 + (partKey / 10) % 20_001 + 100 * (partKey % 1_000);
  }

  /** A random address of 10 to 40 characters. */
  static String address(SplittableRandom random) {
    int length = random.nextInt(10, 41);
    StringBuilder address = new StringBuilder(length);
    for (int index = 0; index < length; index++) {
      address.append(ADDRESS_CHARACTERS.charAt(random.nextInt(ADDRESS_CHARACTERS.length())));
    }
    return address.toString();
  }

  /** A phone number whose country code is the nation key plus 10: {@code 23-123-456-7890}. */
  static String phone(SplittableRandom random, int nationKey) {
    return (nationKey + 10) + "-" + random.nextInt(100, 1_000) + "-"
        + random.nextInt(100, 1_000) + "-" + random.nextInt(1_000, 10_000);
  }

  /** A uniformly chosen element. */
  static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static List<byte[]> utf8(List<String> values) {
    return values.stream().map(value -> value.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
