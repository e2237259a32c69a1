package org.vumi.go.http.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which CPython 2.7 (64-bit, no hash randomisation) iterates a dict of string keys
 * inserted in a given order and never deleted: each key's slot comes from Python 2's string hash
 * and the dict's open addressing ({@code dictobject.c}: 8 slots at first, probing by {@code i = 5i +
 * perturb + 1}, resized to the smallest power of two above four times its size once two thirds full,
 * the old slots re-inserted in slot order). Vumi Go's routing table is a dict of dicts, and its
 * entries come out in this order.
 */
final class PyDict {
  private PyDict() {}

  private static final int MIN_SIZE = 8;
  private static final int PERTURB_SHIFT = 5;

  /**
   * Returns the keys in the order Python 2.7 iterates them.
   *
   * @param keys distinct keys, in the order they were inserted
   * @return the same keys in iteration order
   */
  static List<String> order(List<String> keys) {
    String[] table = new String[MIN_SIZE];
    int used = 0;
    for (String key : keys) {
      insert(table, key);
      used++;
      if (used * 3 >= table.length * 2) {
        table = resize(table, 4 * used);
      }
    }
    List<String> ordered = new ArrayList<>(keys.size());
    for (String key : table) {
      if (key != null) {
        ordered.add(key);
      }
    }
    return ordered;
  }

  private static String[] resize(String[] old, int minUsed) {
    int size = MIN_SIZE;
    while (size <= minUsed) {
      size <<= 1;
    }
    String[] table = new String[size];
    for (String key : old) {
      if (key != null) {
        insert(table, key);
      }
    }
    return table;
  }

  private static void insert(String[] table, String key) {
    long hash = hash(key);
    long mask = table.length - 1;
    long i = hash & mask;
    for (long perturb = hash; table[(int) (i & mask)] != null; perturb >>>= PERTURB_SHIFT) {
      i = (i << 2) + i + perturb + 1;
    }
    table[(int) (i & mask)] = key;
  }

  /** Python 2's hash of a string (its code points, as a wide build hashes unicode; ASCII hashes as bytes do). */
  static long hash(String key) {
    int[] points = key.codePoints().toArray();
    if (points.length == 0) {
      return 0;
    }
    long x = (long) points[0] << 7;
    for (int point : points) {
      x = (1000003 * x) ^ point;
    }
    x ^= points.length;
    return x == -1 ? -2 : x;
  }
}
