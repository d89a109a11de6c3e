package dev.bookslake.cli;

import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.UsageException;
import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * A Beam pipeline as a subcommand. Its options are read off the pipeline's {@code Options}
 * interface, so they are stated once, in Beam's own annotations: each getter the project declares
 * becomes {@code --kebab-case} with its {@link Description}, {@link Default} and {@link
 * Validation.Required}. Options the interface does not declare (Beam's and the runners': {@code
 * --runner FlinkRunner --flink-master [local] --parallelism 2}) pass through; all reach Beam as its
 * {@code --camelCase=value}, which converts and validates them.
 *
 * <pre>
 * ./bookslake scrape --help
 * ./bookslake scrape --source http://127.0.0.1:8000/ --run-date 2026-01-01 --runner FlinkRunner --flink-master [local]
 * </pre>
 *
 * @param <T> the pipeline's options interface
 */
final class PipelineCommand<T extends PipelineOptions> implements Callable<Integer> {

  /**
   * What a pipeline command does once its options are parsed and checked; returns the exit code.
   */
  @FunctionalInterface
  interface PipelineMain<T extends PipelineOptions> {
    int run(T options) throws Exception;
  }

  /** Refuses option values the command cannot run with, by throwing an IllegalArgumentException. */
  @FunctionalInterface
  interface OptionsCheck<T extends PipelineOptions> {
    void check(T options);
  }

  static final String PASS_THROUGH =
      "Beam and runner options pass through as Beam's --camelCase=value, e.g."
          + " --runner FlinkRunner --flink-master [local] --parallelism 2. The DirectRunner runs with"
          + " --enforce-immutability=false --enforce-encodability=false unless they are given.";

  /**
   * The DirectRunner re-encodes every element at every step to catch user-code bugs; that is a
   * test-time check (TestPipeline keeps it) and costs a multiple of the crawl on 40 KB pages.
   */
  private static final List<String> RUN_DEFAULTS =
      List.of("enforceImmutability", "enforceEncodability");

  private final Class<T> type;
  private final OptionsCheck<T> check;
  private final PipelineMain<T> main;
  private final CommandSpec spec;

  /** Each option the interface declares, and its Beam property name. */
  private final Map<OptionSpec, String> properties = new LinkedHashMap<>();

  private final List<String> passThrough = new ArrayList<>();

  private PipelineCommand(
      String name, String summary, Class<T> type, OptionsCheck<T> check, PipelineMain<T> main) {
    this.type = type;
    this.check = check;
    this.main = main;
    spec = CommandSpec.wrapWithoutInspection(this);
    spec.name(name);
    spec.usageMessage().description(summary).footerHeading("%n").footer(escape(PASS_THROUGH));
    for (Method getter : declaredGetters(type)) {
      OptionSpec option = option(getter);
      spec.addOption(option);
      properties.put(option, property(getter));
    }
    spec.addUnmatchedArgsBinding(
        UnmatchedArgsBinding.forStringArrayConsumer(
            new ISetter() {
              @Override
              public <V> V set(V value) {
                // picocli hands every unmatched argument over at once, and null to clear them.
                passThrough.clear();
                if (value != null) {
                  passThrough.addAll(List.of((String[]) value));
                }
                return null;
              }
            }));
  }

  /**
   * The command for a pipeline: its name, a one-line summary, its options interface, check and run.
   */
  static <T extends PipelineOptions> CommandSpec of(
      String name, String summary, Class<T> type, OptionsCheck<T> check, PipelineMain<T> main) {
    return new PipelineCommand<>(name, summary, type, check, main).spec;
  }

  /**
   * Parses the arguments into the options interface with Beam (and its validation), checks them,
   * and runs. Whatever parsing or checking refuses is a {@link UsageException}; what the run itself
   * throws is not.
   */
  @Override
  public Integer call() throws Exception {
    T options;
    try {
      options = PipelineOptionsFactory.fromArgs(beamArgs()).withValidation().as(type);
      if (options instanceof LakeOptions lake) {
        StageRuns.runDate(lake);
      }
      check.check(options);
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // Beam's own parser and validation, and the stages' option checks, refuse with this type.
      throw new UsageException(e.getMessage(), e);
    }
    return main.run(options);
  }

  /**
   * The arguments as Beam takes them: the run defaults, the declared options given, then the rest.
   */
  String[] beamArgs() {
    List<String> given = new ArrayList<>();
    properties.forEach(
        (option, property) -> {
          if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            given.add("--" + property + "=" + option.getValue());
          }
        });
    given.addAll(normalize(passThrough));
    List<String> args = new ArrayList<>();
    for (String flag : RUN_DEFAULTS) {
      if (given.stream().noneMatch(a -> a.startsWith("--" + flag))) {
        args.add("--" + flag + "=false");
      }
    }
    args.addAll(given);
    return args.toArray(String[]::new);
  }

  /**
   * Rewrites options the command does not declare, {@code --kebab-case value} or {@code
   * --kebab-case=value}, into Beam's {@code --camelCase=value}; a flag followed by another option
   * (or nothing) stays a bare {@code --flag}.
   */
  static List<String> normalize(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("Cannot parse argument (options start with --): " + arg);
      }
      int eq = arg.indexOf('=');
      String name = camel(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
      if (eq >= 0) {
        out.add("--" + name + arg.substring(eq));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        out.add("--" + name + "=" + args.get(++i));
      } else {
        out.add("--" + name);
      }
    }
    return out;
  }

  static String camel(String kebab) {
    StringBuilder sb = new StringBuilder(kebab.length());
    boolean upper = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The getters of the options interface and its super-interfaces that are not Beam's own (those
   * pass through), in name order.
   */
  private static List<Method> declaredGetters(Class<?> type) {
    Map<String, Method> getters = new LinkedHashMap<>();
    for (Method method : type.getMethods()) {
      if (method.getDeclaringClass().getName().startsWith("org.apache.beam.")
          || method.getParameterCount() != 0
          || method.isAnnotationPresent(Hidden.class)
          || !(method.getName().startsWith("get") || method.getName().startsWith("is"))) {
        continue;
      }
      getters.putIfAbsent(property(method), method);
    }
    return getters.values().stream()
        .sorted(Comparator.comparing(PipelineCommand::property))
        .toList();
  }

  private static String property(Method getter) {
    String name = getter.getName();
    return Introspector.decapitalize(name.substring(name.startsWith("is") ? 2 : 3));
  }

  private static OptionSpec option(Method getter) {
    String property = property(getter);
    boolean flag =
        getter.getReturnType() == boolean.class || getter.getReturnType() == Boolean.class;
    Description description = getter.getAnnotation(Description.class);
    Validation.Required required = getter.getAnnotation(Validation.Required.class);
    OptionSpec.Builder option =
        OptionSpec.builder("--" + kebab(property))
            .description(description == null ? "" : escape(description.value()))
            // Beam says which options must be given together (groups); picocli needs only the plain
            // case.
            .required(required != null && required.groups().length == 0)
            .type(flag ? boolean.class : String.class);
    if (flag) {
      // Beam takes --promoteIfBetter alone, or with =true/false; so do these.
      option.arity("0..1").paramLabel("true|false");
    } else {
      option.paramLabel("<" + property + ">");
      defaultValue(getter)
          .ifPresent(d -> option.defaultValue(escape(d)).showDefaultValue(Visibility.ALWAYS));
    }
    return option.build();
  }

  /** The value of the getter's {@code @Default.Xxx} annotation, when it has one worth showing. */
  private static Optional<String> defaultValue(Method getter) {
    for (Annotation annotation : getter.getAnnotations()) {
      // An @Default.InstanceFactory default is computed at run time: nothing to show.
      if (annotation.annotationType().getEnclosingClass() != Default.class
          || annotation instanceof Default.InstanceFactory) {
        continue;
      }
      try {
        Object value = annotation.annotationType().getMethod("value").invoke(annotation);
        String text = value instanceof Class<?> c ? c.getSimpleName() : String.valueOf(value);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot read default of option: " + getter.getName(), e);
      }
    }
    return Optional.empty();
  }

  /**
   * picocli formats help text with String.format and interpolates ${...}; Beam's text is literal.
   */
  private static String escape(String text) {
    return text.replace("%", "%%").replace("${", "$${");
  }
}
