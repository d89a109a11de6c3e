package dev.bookslake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The style guide's rules that only the sources show, over every module's {@code src/main/java}:
 * SQL lives in named constants, and each package says what it holds in a package-info.java.
 */
class SourceRulesTest {

  /**
   * The start of an SQL statement (or of a clause appended to one), in the upper case the project
   * writes SQL in. Anchored at the start of the literal, so prose that mentions SQL ("Cannot query
   * without SQL: ./bookslake query \"SELECT ...\"") and type names ("TIMESTAMP WITH TIME ZONE") do
   * not count.
   */
  static final Pattern SQL =
      Pattern.compile(
          "^\\s*\\(?\\s*(?:"
              + "SELECT\\s[\\s\\S]*\\bFROM\\b"
              + "|INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO\\s"
              + "|UPDATE\\s+\\S+\\s+SET\\s"
              + "|DELETE\\s+FROM\\s"
              + "|(?:CREATE|DROP|ALTER)\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP(?:ORARY)?\\s+)?"
              + "(?:TABLE|VIEW|INDEX|SCHEMA|MACRO|SEQUENCE|TYPE)\\b"
              + "|COPY\\s*\\(|COPY\\s+\\S+\\s+(?:FROM|TO)\\s"
              + "|WITH\\s+(?:RECURSIVE\\s+)?\\w+\\s+AS\\s*\\("
              + "|SET\\s+VARIABLE\\s|PRAGMA\\s|ATTACH\\s|DETACH\\s|INSTALL\\s+\\w+|LOAD\\s+\\w+\\s*;?\\s*$"
              + "|WHERE\\s|(?:ORDER|GROUP)\\s+BY\\s|(?:LIMIT|OFFSET)\\s+[?\\d]"
              + "|(?:LEFT\\s+|INNER\\s+)?JOIN\\s+\\S+\\s+(?:ON|USING)\\b"
              + ")");

  private static Path root;
  private static List<Path> mainSources;

  @BeforeAll
  static void findSources() throws IOException {
    root = Path.of(System.getProperty("bookslake.root", "..")).toAbsolutePath().normalize();
    try (Stream<Path> modules = Files.list(root)) {
      mainSources =
          modules
              .map(m -> m.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .flatMap(SourceRulesTest::javaFiles)
              .sorted()
              .toList();
    }
    assertThat(mainSources).as("main sources under " + root).hasSizeGreaterThan(100);
  }

  /**
   * SQL sits in a named constant (a {@code static final} field, with {@code ?} for values) so that
   * it is reviewed as a whole and values cannot be concatenated into it (style guide rule 8).
   */
  @Test
  void sqlLivesInNamedConstants() {
    List<String> loose = new ArrayList<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  null,
                  files,
                  diagnostic -> {},
                  List.of("-proc:none"),
                  null,
                  files.getJavaFileObjectsFromPaths(mainSources));
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        new LooseSql(unit, positions, loose).scan(unit, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(loose)
        .as("SQL string literals outside a static final constant (file:line: literal)")
        .isEmpty();
  }

  @Test
  void sqlPatternKnowsSqlFromProse() {
    assertThat(
            List.of(
                "SELECT * FROM books WHERE upc = ?",
                "COPY (SELECT * FROM features) TO ? (FORMAT parquet)",
                "CREATE OR REPLACE VIEW gold.books AS SELECT 1",
                "SET VARIABLE lake_root = ",
                " WHERE upc = ?",
                "INSERT INTO t VALUES (?)"))
        .allMatch(s -> SQL.matcher(s).find());
    assertThat(
            List.of(
                "Cannot query without SQL: ./bookslake query \"SELECT ...\"",
                "TIMESTAMP WITH TIME ZONE",
                "Select a book from the list",
                "Cannot load model from: /tmp/m",
                "LIMIT must be positive"))
        .noneMatch(s -> SQL.matcher(s).find());
  }

  /** Every package of main code has a package-info.java whose Javadoc says what it holds. */
  @Test
  void everyPackageHasADocumentedPackageInfo() {
    Set<String> missing = new TreeSet<>();
    for (Path dir : mainSources.stream().map(Path::getParent).distinct().toList()) {
      Path info = dir.resolve("package-info.java");
      if (!Files.exists(info) || !readString(info).strip().startsWith("/**")) {
        missing.add(root.relativize(dir).toString());
      }
    }
    assertThat(missing)
        .as("source folders without a package-info.java that starts with its Javadoc")
        .isEmpty();
  }

  private static Stream<Path> javaFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects the SQL literals of one file that are not inside a static final field. */
  private static final class LooseSql extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final List<String> loose;

    LooseSql(CompilationUnitTree unit, SourcePositions positions, List<String> loose) {
      this.unit = unit;
      this.positions = positions;
      this.loose = loose;
    }

    @Override
    public Void visitVariable(VariableTree variable, Void unused) {
      return isConstant(variable) ? null : super.visitVariable(variable, unused);
    }

    @Override
    public Void visitLiteral(LiteralTree literal, Void unused) {
      if (literal.getKind() == Tree.Kind.STRING_LITERAL
          && SQL.matcher((String) literal.getValue()).find()) {
        long line = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, literal));
        String text = ((String) literal.getValue()).strip().replaceAll("\\s+", " ");
        loose.add(
            root.relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + ": " + text);
      }
      return null;
    }

    /** A field that is static and final, as declared or implicitly (interfaces, enum constants). */
    private boolean isConstant(VariableTree variable) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      if (!(parent instanceof ClassTree owner)) {
        return false;
      }
      Set<Modifier> flags = variable.getModifiers().getFlags();
      boolean inInterface =
          owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE;
      return inInterface || (flags.contains(Modifier.STATIC) && flags.contains(Modifier.FINAL));
    }
  }
}
