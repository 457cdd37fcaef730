package dev.krt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The layers of docs/architecture.md: data flows one way, so no package depends on one above it
 * (check does not know cli, kernel does not know store, server does not know cli: both call app). A
 * new package must be placed in {@link #LAYERS} before it compiles into this test.
 */
class LayersTest {
  /** Bottom first. Each may use those before it, never those after it. */
  static final List<String> LAYERS =
      List.of(
          "error",
          "text",
          "cache",
          "version",
          "shell",
          "process",
          "kernel",
          "toolchain",
          "check",
          "knowledge",
          "features",
          "store",
          "matrix",
          "farm",
          "app",
          "report",
          "interop",
          "remote",
          "server",
          "cli");

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.krt");
  }

  @TestFactory
  Stream<DynamicTest> noPackageDependsOnOneAboveIt() {
    return LAYERS.stream()
        .limit(LAYERS.size() - 1)
        .map(
            layer -> {
              String[] above =
                  LAYERS.subList(LAYERS.indexOf(layer) + 1, LAYERS.size()).stream()
                      .map(p -> "dev.krt." + p + "..")
                      .toArray(String[]::new);
              ArchRule rule =
                  noClasses()
                      .that()
                      .resideInAPackage("dev.krt." + layer + "..")
                      .should()
                      .dependOnClassesThat()
                      .resideInAnyPackage(above)
                      .because("dev.krt." + layer + " sits below " + String.join(", ", above));
              return DynamicTest.dynamicTest(layer, () -> rule.check(classes));
            });
  }

  @Test
  void everyPackageHasItsPlace() {
    List<String> packages =
        classes.stream()
            .map(c -> c.getPackageName())
            .filter(p -> p.startsWith("dev.krt."))
            .map(p -> p.substring("dev.krt.".length()).split("\\.")[0])
            .distinct()
            .toList();
    assertThat(LAYERS).as("packages of dev.krt").containsAll(packages);
  }

  @Test
  void theRuleCatchesAnUpwardImport() {
    // The rule itself must be able to fail: the server really does use app, so "server must not
    // use app" is broken, as an upward import would break the real rules.
    ArchRule wrong =
        noClasses()
            .that()
            .resideInAPackage("dev.krt.server..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.krt.app..");
    assertThat(wrong.evaluate(classes).hasViolation()).isTrue();
  }
}
