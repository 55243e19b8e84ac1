package io.hpk.kubelet.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every kubelet API request (client certificate, else bearer token; anonymous gets
 * 401, an unknown token while TokenReviews are at their limit 429) and authorizes it with
 * SubjectAccessReviews on this node (403 when not allowed), as the kubelet's auth filter does.
 * Routes behind it find the user under {@link RequestUser#CONTEXT_KEY}.
 */
public final class KubeletAuthHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletAuthHandler.class);

  private final Optional<ClientCertificateAuthenticator> certificates;
  private final TokenAuthenticator tokens;
  private final SubjectAccessAuthorizer authorizer;

  public KubeletAuthHandler(
      Optional<ClientCertificateAuthenticator> certificates,
      TokenAuthenticator tokens,
      SubjectAccessAuthorizer authorizer) {
    this.certificates = certificates;
    this.tokens = tokens;
    this.authorizer = authorizer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Nothing may be lost while the API server answers; routes get the request resumed.
    request.pause();
    NodeAuthorizationAttributes attributes =
        NodeAuthorizationAttributes.of(
            request.method().name(), request.path(), isWebSocketUpgrade(request));
    authenticate(request)
        .onFailure(
            e -> {
              if (e instanceof TooManyTokenReviews) {
                LOG.debug("kubelet API: {}, answered 429", e.getMessage());
                ctx.response()
                    .setStatusCode(429)
                    .putHeader("Retry-After", "1")
                    .end("Too Many Requests");
                return;
              }
              LOG.warn("kubelet API: token review failed: {}", e.getMessage());
              ctx.response().setStatusCode(401).end("Unauthorized");
            })
        .onSuccess(
            user -> {
              if (user.isEmpty()) {
                ctx.response().setStatusCode(401).end("Unauthorized");
                return;
              }
              authorize(user.get(), attributes, 0)
                  .onFailure(
                      e -> {
                        LOG.warn("kubelet API: access review failed: {}", e.getMessage());
                        ctx.response()
                            .setStatusCode(500)
                            .end("Authorization error (" + describe(user.get(), attributes) + ")");
                      })
                  .onSuccess(
                      allowed -> {
                        if (!allowed) {
                          ctx.response()
                              .setStatusCode(403)
                              .end("Forbidden (" + describe(user.get(), attributes) + ")");
                          return;
                        }
                        ctx.put(RequestUser.CONTEXT_KEY, user.get());
                        request.resume();
                        ctx.next();
                      });
            });
  }

  private Future<Optional<RequestUser>> authenticate(HttpServerRequest request) {
    Optional<RequestUser> fromCertificate =
        certificates.flatMap(c -> c.authenticate(peer(request)));
    if (fromCertificate.isPresent()) {
      return Future.succeededFuture(fromCertificate);
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      if (!token.isEmpty()) {
        return tokens.authenticate(token);
      }
    }
    return Future.succeededFuture(Optional.empty());
  }

  /** Tries the subresources in order; the first one allowed lets the request through. */
  private Future<Boolean> authorize(
      RequestUser user, NodeAuthorizationAttributes attributes, int index) {
    if (index >= attributes.subresources().size()) {
      return Future.succeededFuture(false);
    }
    return authorizer
        .authorize(user, attributes.verb(), attributes.subresources().get(index))
        .compose(
            decision ->
                decision.allowed()
                    ? Future.succeededFuture(true)
                    : authorize(user, attributes, index + 1));
  }

  private static List<Certificate> peer(HttpServerRequest request) {
    try {
      List<Certificate> chain =
          request.connection().isSsl() ? request.connection().peerCertificates() : null;
      return chain == null ? List.of() : chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static String describe(RequestUser user, NodeAuthorizationAttributes attributes) {
    return "user="
        + user.name()
        + ", verb="
        + attributes.verb()
        + ", resource=nodes, subresource(s)="
        + attributes.subresources();
  }
}
