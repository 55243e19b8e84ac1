package io.hpk.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seams DESIGN.md draws between modules and inside them, checked on the compiled classes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModuleBoundariesTest {

  private static final List<String> VERTICLES =
      List.of("io.hpk.kubelet..", "io.hpk.scheduler..", "io.hpk.dns..", "io.hpk.slurm..");
  private static final String LAUNCHER = "io.hpk.launcher..";

  /**
   * Model packages use neither the Vert.x runtime nor the fabric8 client; they may use fabric8's
   * Kubernetes object model (io.fabric8.kubernetes.api.model, what they translate) and Vert.x's
   * JSON value types (io.vertx.core.json, the shape of status files and admission reviews).
   */
  @Test
  void modelPackagesNeedNeitherTheVertxRuntimeNorTheKubernetesClient() {
    noClasses()
        .that()
        .resideInAPackage("io.hpk..model..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.vertx..")
                .and(resideInAPackage("io.vertx.core.json..").negate())
                .or(resideInAPackage("io.fabric8.kubernetes.client..")))
        .because("model code is pure: Kubernetes objects in, decisions out, tested without Vert.x")
        .check(HpkClasses.MAIN);
  }

  /**
   * No verticle module uses another verticle's classes or the launcher's: only common is shared.
   */
  @Test
  void verticlesDependOnlyOnCommon() {
    List<ArchRule> rules =
        VERTICLES.stream()
            .map(
                verticle ->
                    noClasses()
                        .that()
                        .resideInAPackage(verticle)
                        .should()
                        .dependOnClassesThat(
                            resideInAnyPackage(
                                Stream.concat(
                                        VERTICLES.stream().filter(v -> !v.equals(verticle)),
                                        Stream.of(LAUNCHER))
                                    .toArray(String[]::new)))
                        .because("verticles talk only over the event bus and deploy alone"))
            .map(ArchRule.class::cast)
            .toList();
    CompositeArchRule.of(rules).check(HpkClasses.MAIN);
  }

  /** common knows no verticle and not the launcher, so every verticle can depend on it alone. */
  @Test
  void commonDependsOnNoVerticle() {
    noClasses()
        .that()
        .resideInAPackage("io.hpk.common..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                Stream.concat(VERTICLES.stream(), Stream.of(LAUNCHER)).toArray(String[]::new)))
        .check(HpkClasses.MAIN);
  }
}
