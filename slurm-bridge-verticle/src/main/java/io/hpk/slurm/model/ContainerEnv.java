package io.hpk.slurm.model;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.hpk.common.pod.PodDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's environment, command and args as the kubelet computes them: {@code envFrom} first,
 * then {@code env} in order, each {@code value} expanded against the variables defined before it;
 * command and args are expanded against the whole environment.
 */
public record ContainerEnv(
    Map<String, ShellWord> variables,
    List<ShellWord> command,
    List<ShellWord> args,
    List<SecretValue> secrets) {

  /**
   * A Secret's value in the environment: its word is a shell variable that the container's launch
   * reads from an owner-only file in the pod directory, so the value never stands in the job script
   * (Slurm keeps job scripts, and shows them to whoever may read its state).
   */
  public record SecretValue(String variable, byte[] value) {

    /** The file, relative to the pod directory. */
    public String file(String container) {
      return PodDirectory.ENV_SECRETS_DIR + "/" + container + "/" + variable;
    }
  }

  static ContainerEnv of(
      Container container, String where, PodResources resources, DownwardApi downwardApi) {
    Map<String, ShellWord> env = new LinkedHashMap<>();
    // Beneath envFrom and env, and there for their $(VAR) references, as on a kubelet.
    resources
        .serviceEnvironment()
        .forEach((name, value) -> env.put(name, ShellWord.literal(value)));
    List<SecretValue> secrets = new ArrayList<>();
    List<EnvFromSource> envFrom = listOf(container.getEnvFrom());
    for (int i = 0; i < envFrom.size(); i++) {
      addSource(env, secrets, envFrom.get(i), where + ".envFrom[" + i + "]", resources);
    }
    List<EnvVar> vars = listOf(container.getEnv());
    for (int i = 0; i < vars.size(); i++) {
      EnvVar var = vars.get(i);
      String field = where + ".env[" + i + "]";
      if (!KubernetesNames.isShellVariableName(var.getName())) {
        throw new PodSpecException(
            "CreateContainerConfigError",
            field
                + ".name: Apptainer passes only names made of letters, digits and '_', got "
                + KubernetesNames.describe(var.getName()));
      }
      ShellWord value = value(var, env, secrets, container, field, resources, downwardApi);
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return new ContainerEnv(
        env, expandAll(container.getCommand(), env), expandAll(container.getArgs(), env), secrets);
  }

  private static ShellWord secret(List<SecretValue> secrets, byte[] value) {
    SecretValue secret = new SecretValue("hpk_secret_" + secrets.size(), value);
    secrets.add(secret);
    return ShellWord.variable(secret.variable());
  }

  private static ShellWord value(
      EnvVar var,
      Map<String, ShellWord> env,
      List<SecretValue> secrets,
      Container container,
      String field,
      PodResources resources,
      DownwardApi downwardApi) {
    EnvVarSource from = var.getValueFrom();
    if (from == null) {
      String value = var.getValue() == null ? "" : var.getValue();
      return EnvExpansion.expand(value, env);
    }
    if (from.getFieldRef() != null) {
      return downwardApi.field(from.getFieldRef(), field + ".valueFrom");
    }
    if (from.getResourceFieldRef() != null) {
      return ShellWord.literal(
          downwardApi.resource(from.getResourceFieldRef(), container, field + ".valueFrom"));
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMapKeySelector ref = from.getConfigMapKeyRef();
      String value =
          keyOf(resources.configMaps(), ref.getName(), ref.getKey(), ref.getOptional(), field);
      return value == null ? null : ShellWord.literal(value);
    }
    if (from.getSecretKeyRef() != null) {
      SecretKeySelector ref = from.getSecretKeyRef();
      byte[] value =
          keyOf(resources.secrets(), ref.getName(), ref.getKey(), ref.getOptional(), field);
      return value == null ? null : secret(secrets, value);
    }
    throw new PodSpecException(
        "CreateContainerConfigError", field + ".valueFrom: unsupported source");
  }

  private static <T> T keyOf(
      Map<String, Map<String, T>> sources,
      String name,
      String key,
      Boolean optional,
      String field) {
    Map<String, T> source = sources.get(name);
    T value = source == null ? null : source.get(key);
    if (value == null && !Boolean.TRUE.equals(optional)) {
      throw new PodSpecException(
          "CreateContainerConfigError",
          field
              + ".valueFrom: "
              + (source == null ? name + " not found" : "key " + key + " not found in " + name));
    }
    return value;
  }

  private static void addSource(
      Map<String, ShellWord> env,
      List<SecretValue> secrets,
      EnvFromSource source,
      String field,
      PodResources resources) {
    String prefix = source.getPrefix() == null ? "" : source.getPrefix();
    Map<String, ShellWord> values = new TreeMap<>();
    if (source.getConfigMapRef() != null) {
      var ref = source.getConfigMapRef();
      sourceOf(resources.configMaps(), ref.getName(), ref.getOptional(), field)
          .forEach((key, value) -> values.put(key, ShellWord.literal(value)));
    } else if (source.getSecretRef() != null) {
      var ref = source.getSecretRef();
      new TreeMap<>(sourceOf(resources.secrets(), ref.getName(), ref.getOptional(), field))
          .forEach(
              (key, bytes) -> {
                if (KubernetesNames.isShellVariableName(prefix + key)) {
                  values.put(key, secret(secrets, bytes));
                }
              });
    }
    values.forEach(
        (key, value) -> {
          if (KubernetesNames.isShellVariableName(prefix + key)) {
            env.put(prefix + key, value);
          }
        });
  }

  private static <T> Map<String, T> sourceOf(
      Map<String, Map<String, T>> sources, String name, Boolean optional, String field) {
    Map<String, T> source = sources.get(name);
    if (source == null && !Boolean.TRUE.equals(optional)) {
      throw new PodSpecException("CreateContainerConfigError", field + ": " + name + " not found");
    }
    return source == null ? Map.of() : source;
  }

  private static List<ShellWord> expandAll(List<String> items, Map<String, ShellWord> env) {
    List<ShellWord> expanded = new ArrayList<>();
    for (String item : listOf(items)) {
      expanded.add(EnvExpansion.expand(item, env));
    }
    return expanded;
  }

  private static <T> List<T> listOf(List<T> items) {
    return items == null ? List.of() : items;
  }
}
