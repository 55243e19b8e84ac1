package io.hpk.kubelet.server;

/** A bearer token with no cached answer arrived while TokenReviews were at their limit. */
final class TooManyTokenReviews extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TooManyTokenReviews(int perSecond) {
    super("more than " + perSecond + " unknown bearer tokens a second", null, false, false);
  }
}
