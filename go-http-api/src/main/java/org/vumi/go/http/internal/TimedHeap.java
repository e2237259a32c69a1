package org.vumi.go.http.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A binary heap of {@link Timed}, earliest first, that keeps each entry's place in the entry, so an
 * entry is removed in O(log n) without a search. Not thread-safe: its clock guards it. Deadlines
 * are mostly added in order, so adding one usually costs one comparison.
 */
final class TimedHeap {
  private static final int INITIAL = 16;
  private Timed[] entries = new Timed[INITIAL];
  private int size;

  int size() {
    return size;
  }

  @Nullable Timed peek() {
    return size == 0 ? null : entries[0];
  }

  void add(Timed entry) {
    if (entry.index >= 0) {
      throw new IllegalStateException("already scheduled");
    }
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    siftUp(size++, entry);
  }

  /** Removes the entry if it is in this heap; true if it was. */
  boolean remove(Timed entry) {
    int i = entry.index;
    if (i < 0 || i >= size || entries[i] != entry) {
      return false;
    }
    entry.index = -1;
    int last = --size;
    Timed moved = entries[last];
    entries[last] = null;
    if (last != i) {
      siftDown(i, moved);
      if (entries[i] == moved) {
        siftUp(i, moved);
      }
    }
    if (entries.length > INITIAL && size < entries.length / 4) {
      entries = Arrays.copyOf(entries, entries.length / 2); // a mass of expired deadlines leaves no large array behind
    }
    return true;
  }

  /** Removes and returns the earliest entry, or null if there is none. */
  @Nullable Timed poll() {
    Timed first = peek();
    if (first != null) {
      remove(first);
    }
    return first;
  }

  private static boolean before(Timed a, Timed b) {
    return a.at - b.at < 0; // nanoTime order, which may wrap
  }

  private void siftUp(int i, Timed entry) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Timed above = entries[parent];
      if (!before(entry, above)) {
        break;
      }
      entries[i] = above;
      above.index = i;
      i = parent;
    }
    entries[i] = entry;
    entry.index = i;
  }

  private void siftDown(int i, Timed entry) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      Timed smaller = entries[child];
      int right = child + 1;
      if (right < size && before(entries[right], smaller)) {
        child = right;
        smaller = entries[right];
      }
      if (!before(smaller, entry)) {
        break;
      }
      entries[i] = smaller;
      smaller.index = i;
      i = child;
    }
    entries[i] = entry;
    entry.index = i;
  }
}
