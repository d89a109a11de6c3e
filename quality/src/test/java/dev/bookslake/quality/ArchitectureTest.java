package dev.bookslake.quality;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.helidon.webserver.http.HttpRules;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.NullMarked;

/**
 * The style guide's rules that the compiled classes of every module show (main code only). A module
 * is the top package {@code dev.bookslake.<module>}, which is also its folder.
 *
 * <pre>
 * scripts/mvn -B verify -pl quality -am -Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@AnalyzeClasses(packages = "dev.bookslake", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  static final Set<String> MODULES =
      Set.of("schemas", "lake", "ml", "sandbox", "pipelines", "cli", "serving");

  /** The methods that may end the JVM: the command lines' {@code main}s. */
  static final Set<String> ENTRY_POINTS =
      Set.of(
          "dev.bookslake.cli.Bookslake.main",
          "dev.bookslake.serving.Main.main",
          "dev.bookslake.sandbox.Sandbox.main");

  static final String SERVING_MAIN = "dev.bookslake.serving.Main";

  @ArchTest
  static final ArchRule everyClassIsInAModule =
      classes()
          .should()
          .resideInAnyPackage(
              MODULES.stream().map(m -> "dev.bookslake." + m + "..").toArray(String[]::new))
          .because("each Maven module is one top package, dev.bookslake.<module>");

  @ArchTest
  static final ArchRule internalPackagesAreUsedOnlyInTheirModule =
      classes()
          .that()
          .resideInAPackage("..internal..")
          .should(beUsedOnlyFromTheirOwnModule())
          .because("non-API code lives in an internal package (style guide rule 1)");

  @ArchTest
  static final ArchRule servicesAreRegisteredOnlyInMainRouting =
      noClasses()
          .should()
          .callMethodWhere(registersAServiceOutsideMainRouting())
          .because("serving is wired in exactly one place, Main.routing (style guide rule 7)");

  @ArchTest
  static final ArchRule onlyEntryPointsEndTheJvm =
      noClasses()
          .should()
          .callMethodWhere(endsTheJvmOutsideAnEntryPoint())
          .because("a library call that exits takes down the API, the tests or a Beam worker");

  /**
   * JSpecify's {@code @NullMarked} on every package of main code (javac writes {@code
   * package-info.class} only for an annotated package). Avro's generated record packages are left
   * out: their fields are nullable by schema.
   */
  @ArchTest
  static void everyPackageIsNullMarked(JavaClasses classes) {
    Set<String> unmarked = new TreeSet<>();
    Set<String> seen = new TreeSet<>();
    for (JavaClass c : classes) {
      JavaPackage p = c.getPackage();
      if (!seen.add(p.getName()) || onlyGenerated(p)) {
        continue;
      }
      boolean marked =
          p.tryGetPackageInfo().map(info -> info.isAnnotatedWith(NullMarked.class)).orElse(false);
      if (!marked) {
        unmarked.add(p.getName());
      }
    }
    assertThat(seen).as("packages imported").isNotEmpty();
    assertThat(unmarked)
        .as("packages whose package-info.java lacks @NullMarked (org.jspecify.annotations)")
        .isEmpty();
  }

  static String moduleOf(JavaClass c) {
    String[] parts = c.getPackageName().split("\\.");
    return parts.length > 2 ? parts[2] : "";
  }

  private static boolean onlyGenerated(JavaPackage p) {
    return p.getClasses().stream()
        .filter(c -> !c.getSimpleName().equals("package-info"))
        .allMatch(c -> topLevel(c).isAnnotatedWith("org.apache.avro.specific.AvroGenerated"));
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }

  private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnModule() {
    return new ArchCondition<>("be used only from their own module") {
      @Override
      public void check(JavaClass target, ConditionEvents events) {
        String module = moduleOf(target);
        // One call can show up as several dependencies of the same description: report it once.
        Set<String> reported = new HashSet<>();
        for (Dependency d : target.getDirectDependenciesToSelf()) {
          if (!moduleOf(d.getOriginClass()).equals(module) && reported.add(d.getDescription())) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static DescribedPredicate<JavaMethodCall> registersAServiceOutsideMainRouting() {
    return DescribedPredicate.describe(
        "register an HttpService outside " + SERVING_MAIN + ".routing",
        call ->
            call.getName().equals("register")
                && call.getTargetOwner().isAssignableTo(HttpRules.class)
                && !inMainRouting(call.getOrigin()));
  }

  private static boolean inMainRouting(JavaCodeUnit origin) {
    return origin.getOwner().getName().equals(SERVING_MAIN)
        && (origin.getName().equals("routing") || origin.getName().startsWith("lambda$routing$"));
  }

  private static DescribedPredicate<JavaMethodCall> endsTheJvmOutsideAnEntryPoint() {
    return DescribedPredicate.describe(
        "call System.exit, Runtime.exit or Runtime.halt outside " + ENTRY_POINTS,
        call ->
            endsTheJvm(call)
                && !ENTRY_POINTS.contains(
                    call.getOrigin().getOwner().getName() + "." + call.getOrigin().getName()));
  }

  private static boolean endsTheJvm(JavaMethodCall call) {
    String owner = call.getTargetOwner().getName();
    String name = call.getName();
    return (owner.equals(System.class.getName()) && name.equals("exit"))
        || (owner.equals(Runtime.class.getName()) && (name.equals("exit") || name.equals("halt")));
  }
}
