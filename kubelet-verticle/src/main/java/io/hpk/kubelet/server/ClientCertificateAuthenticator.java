package io.hpk.kubelet.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Client certificates as kube-apiserver reads them: the chain must lead to the client CA and allow
 * client authentication; the subject's CN is the user name and each O a group. TLS already asks for
 * a certificate from this CA; checking again here keeps the decision independent of how the TLS
 * layer treats a certificate it was not asked to require.
 */
public final class ClientCertificateAuthenticator {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  private final Set<TrustAnchor> anchors;

  ClientCertificateAuthenticator(Set<TrustAnchor> anchors) {
    this.anchors = anchors;
  }

  /** Reads the CA bundle (blocking). */
  public static ClientCertificateAuthenticator fromCaFile(Path caFile) throws IOException {
    Set<TrustAnchor> anchors = new HashSet<>();
    try (InputStream in = Files.newInputStream(caFile)) {
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        anchors.add(new TrustAnchor((X509Certificate) ca, null));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("client CA file " + caFile + " is not a PEM certificate bundle", e);
    }
    if (anchors.isEmpty()) {
      throw new IOException("client CA file " + caFile + " holds no certificate");
    }
    return new ClientCertificateAuthenticator(anchors);
  }

  /** The user the chain (leaf first) names, or empty when the chain is not one we trust. */
  public Optional<RequestUser> authenticate(List<? extends Certificate> chain) {
    if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      return Optional.empty();
    }
    try {
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
      if (!allowsClientAuth(leaf)) {
        return Optional.empty();
      }
      return userOf(leaf);
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static boolean allowsClientAuth(X509Certificate leaf) throws CertificateParsingException {
    List<String> usages = leaf.getExtendedKeyUsage();
    return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
  }

  private static Optional<RequestUser> userOf(X509Certificate leaf) {
    String name = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        String value = String.valueOf(rdn.getValue());
        if (rdn.getType().equalsIgnoreCase("CN")) {
          name = value;
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(value);
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    groups.add("system:authenticated");
    return Optional.of(new RequestUser(name, "", groups, Map.of()));
  }
}
