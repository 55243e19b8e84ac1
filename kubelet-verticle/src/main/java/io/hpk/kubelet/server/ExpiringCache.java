package io.hpk.kubelet.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A small bounded cache whose entries expire, for authentication and authorization decisions. */
final class ExpiringCache<K, V> {

  private record Entry<V>(V value, long expiresAtNanos) {}

  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final Map<K, Entry<V>> entries;

  ExpiringCache(int maxEntries, LongSupplier nanoTime) {
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  synchronized Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value, Duration ttl) {
    entries.put(key, new Entry<>(value, nanoTime.getAsLong() + ttl.toNanos()));
    if (entries.size() > maxEntries) {
      entries.remove(entries.keySet().iterator().next());
    }
  }
}
