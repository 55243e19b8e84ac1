package io.hpk.kubelet.model;

import io.hpk.common.bus.PodRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When each pod's projected service-account tokens are requested again: once a share of a token's
 * lifetime has passed (80 % in a stock kubelet), and never later than 24 h after it was issued, as
 * the kubelet's token manager decides. A forgotten pod (ended or deleted) is never due again, also
 * when a refresh of it was under way.
 */
public final class TokenRefreshSchedule {

  static final Duration MAX_AGE = Duration.ofHours(24);

  private record Tracked(PodRef pod, Map<String, Instant> refreshAt) {}

  private final int percent;
  private final Map<String, Tracked> pods = new HashMap<>();
  private final Set<String> refreshing = new HashSet<>();

  /** {@code percent}: the share of a token's lifetime after which it is refreshed, 1–100. */
  public TokenRefreshSchedule(int percent) {
    this.percent = percent;
  }

  /** A pod handed to the bridge with these tokens (projected volume + "/" + path → token). */
  public void track(PodRef pod, Map<String, IssuedToken> tokens) {
    refreshing.remove(pod.uid());
    if (tokens.isEmpty()) {
      pods.remove(pod.uid());
      return;
    }
    Map<String, Instant> times = new HashMap<>();
    tokens.forEach((key, token) -> times.put(key, refreshAt(token)));
    pods.put(pod.uid(), new Tracked(pod, times));
  }

  /**
   * The tokens due at {@code now}, by pod, of pods not being refreshed already; each pod returned
   * is being refreshed until {@link #refreshed} or {@link #failed}.
   */
  public Map<PodRef, Set<String>> takeDue(Instant now) {
    Map<PodRef, Set<String>> due = new LinkedHashMap<>();
    for (Tracked tracked : pods.values()) {
      if (refreshing.contains(tracked.pod().uid())) {
        continue;
      }
      Set<String> keys = new HashSet<>();
      tracked
          .refreshAt()
          .forEach(
              (key, at) -> {
                if (!at.isAfter(now)) {
                  keys.add(key);
                }
              });
      if (!keys.isEmpty()) {
        due.put(tracked.pod(), keys);
        refreshing.add(tracked.pod().uid());
      }
    }
    return due;
  }

  /** The bridge has the new tokens; nothing happens for a pod forgotten meanwhile. */
  public void refreshed(String podUid, Map<String, IssuedToken> tokens) {
    refreshing.remove(podUid);
    Tracked tracked = pods.get(podUid);
    if (tracked != null) {
      tokens.forEach((key, token) -> tracked.refreshAt().put(key, refreshAt(token)));
    }
  }

  /** The refresh did not happen; the pod's due tokens are tried again at {@code retryAt}. */
  public void failed(String podUid, Instant retryAt) {
    refreshing.remove(podUid);
    Tracked tracked = pods.get(podUid);
    if (tracked != null) {
      tracked.refreshAt().replaceAll((key, at) -> at.isBefore(retryAt) ? retryAt : at);
    }
  }

  /** The pod ended or is gone: its tokens are never refreshed again. */
  public void forget(String podUid) {
    pods.remove(podUid);
    refreshing.remove(podUid);
  }

  /** When a token is requested again. */
  public Instant refreshAt(IssuedToken token) {
    Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
    Duration wait = lifetime.multipliedBy(percent).dividedBy(100);
    return token.issuedAt().plus(wait.compareTo(MAX_AGE) > 0 ? MAX_AGE : wait);
  }
}
