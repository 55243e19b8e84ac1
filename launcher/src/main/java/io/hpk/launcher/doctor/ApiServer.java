package io.hpk.launcher.doctor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URL;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API server as HPK's own client reaches it, built once on first use so that a kubeconfig that
 * cannot be read fails the API checks and nothing else.
 */
public final class ApiServer implements AutoCloseable {

  private static final long REQUEST_SECONDS = 10;

  private final Callable<KubernetesClient> factory;
  private final String kubeconfig;
  private KubernetesClient client;

  /**
   * @param kubeconfig where the client's configuration comes from, for the lines
   */
  public ApiServer(Callable<KubernetesClient> factory, String kubeconfig) {
    this.factory = factory;
    this.kubeconfig = kubeconfig;
  }

  String kubeconfig() {
    return kubeconfig;
  }

  synchronized URL url() throws Exception {
    if (client == null) {
      client = factory.call();
    }
    return client.getMasterUrl();
  }

  /** GET or POST (with a JSON body) a path of the API server; any status comes back. */
  HttpResponse<String> send(String path, String jsonBody) throws Exception {
    URL base = url();
    HttpRequest.Builder request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(base.toString().replaceAll("/$", "") + path);
    if (jsonBody != null) {
      request.post("application/json", jsonBody);
    }
    try {
      return client
          .getHttpClient()
          .sendAsync(request.build(), String.class)
          .get(REQUEST_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new TimeoutException(base + path + " did not answer within " + REQUEST_SECONDS + " s");
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
