package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.serving.auth.PasswordHasher;
import dev.bookslake.serving.auth.Tokens;
import io.helidon.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Where {@code serve}'s settings come from, highest first: command-line options, {@code
 * BOOKSLAKE_*} variables, {@code --config FILE}, the bundled {@code application.yaml}; and what
 * {@code serve} says when its configuration cannot be used, before any server starts.
 */
class ServeConfigurationTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result serve(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine("./bookslake serve")
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(
        Files.createTempFile(dir, "serve-", ".yaml"), text, StandardCharsets.UTF_8);
  }

  private static Main.Options options(String... args) {
    Main.Options options = new Main.Options();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private static String value(Config config, String key) {
    return config.get(key).asString().orElse(null);
  }

  @Test
  void eachKeyComesFromTheHighestSourceThatSetsIt() throws IOException {
    Path file =
        yaml(
            """
        server: {port: 7001, host: file-host}
        lake: {root: /file/lake, poll-interval: PT9S}
        auth: {issuer: file-issuer}
        """);
    Main.Options cli = options("--port", "7003", "--config", file.toString());
    Map<String, String> env =
        Map.of(
            "BOOKSLAKE_PORT", "7002", "BOOKSLAKE_HOST", "env-host", "BOOKSLAKE_LAKE", "/env/lake");

    Config config = Main.config(cli.overrides(), cli.configFile, env);

    assertThat(value(config, "server.port"))
        .as("command line over environment and file")
        .isEqualTo("7003");
    assertThat(value(config, "server.host")).as("environment over file").isEqualTo("env-host");
    assertThat(value(config, "lake.root")).as("environment over file").isEqualTo("/env/lake");
    assertThat(value(config, "lake.poll-interval"))
        .as("file over application.yaml")
        .isEqualTo("PT9S");
    assertThat(value(config, "auth.issuer"))
        .as("file over application.yaml")
        .isEqualTo("file-issuer");
    assertThat(value(config, "auth.audience"))
        .as("application.yaml alone")
        .isEqualTo("bookslake-api");
    assertThat(config.get("rate-limit.capacity").asInt().get())
        .as("application.yaml alone")
        .isEqualTo(200);
  }

  @Test
  void everyCommandLineOptionBeatsItsEnvironmentVariable() {
    Main.Options cli =
        options(
            "--lake",
            "/cli/lake",
            "--port",
            "9090",
            "--host",
            "0.0.0.0",
            "--poll-interval",
            "PT1S");
    Map<String, String> env =
        Map.of(
            "BOOKSLAKE_LAKE", "/env/lake", "BOOKSLAKE_PORT", "7002", "BOOKSLAKE_HOST", "env-host");

    Config config = Main.config(cli.overrides(), null, env);

    assertThat(value(config, "lake.root")).isEqualTo("/cli/lake");
    assertThat(value(config, "server.port")).isEqualTo("9090");
    assertThat(value(config, "server.host")).isEqualTo("0.0.0.0");
    assertThat(value(config, "lake.poll-interval")).isEqualTo("PT1S");
  }

  @Test
  void everyEnvironmentVariableSetsItsOwnKey() {
    Map<String, String> env = new LinkedHashMap<>();
    Main.ENV_KEYS.keySet().forEach(var -> env.put(var, "from-" + var));

    Config config = Main.config(Map.of(), null, env);

    assertThat(Main.ENV_KEYS).hasSize(10);
    Main.ENV_KEYS.forEach(
        (var, key) ->
            assertThat(value(config, key)).as("%s -> %s", var, key).isEqualTo("from-" + var));
  }

  @Test
  void blankUnknownAndUnprefixedVariablesAreIgnored() throws IOException {
    Path file = yaml("server: {port: 7001}\n");
    Map<String, String> env =
        Map.of(
            "BOOKSLAKE_PORT",
            "  ",
            "BOOKSLAKE_COLOUR",
            "blue",
            "SERVER_PORT",
            "1",
            "server.port",
            "2",
            "SERVER_HOST",
            "0.0.0.0");

    Config config = Main.config(Map.of(), file, env);

    assertThat(value(config, "server.port"))
        .as("a blank variable does not hide the file")
        .isEqualTo("7001");
    assertThat(value(config, "server.host"))
        .as("Helidon's own environment mapping is off")
        .isEqualTo("127.0.0.1");
    assertThat(config.get("colour").exists()).isFalse();
  }

  @Test
  void aListInTheConfigFileReplacesTheDefaultListWhole() throws IOException {
    Config config = Main.config(Map.of(), yaml("ml: {models: [rating]}\n"), Map.of());
    assertThat(config.get("ml.models").asList(String.class).get()).containsExactly("rating");
    assertThat(Main.config(Map.of(), null, Map.of()).get("ml.models").asList(String.class).get())
        .containsExactly("rating", "price");
  }

  @Test
  void aConfigFileThatCannotBeReadStopsServeWithItsReasonNotAStackTrace() {
    Path missing = dir.resolve("missing.yaml");
    Result result = serve("--lake", dir.toString(), "--config", missing.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "bookslake serve: Cannot load data from mandatory source: FileConfig["
                + missing
                + "]\n");
  }

  @Test
  void aValueOfTheWrongTypeStopsServeNamingTheKey() {
    Result result = serve("--lake", dir.toString(), "--poll-interval", "soon");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "bookslake serve: Mapping of value 'soon' stored under key 'lake.poll-interval'")
        .doesNotContain("\tat ");
  }

  @Test
  void unusableAuthSettingsStopServeWithTheProjectsMessage() throws IOException {
    Path users = dir.resolve("users.txt");
    Result noUsersFile =
        serve(
            "--lake",
            dir.toString(),
            "--config",
            yaml("auth: {users-file: " + users + "}\n").toString());
    assertThat(noUsersFile.exitCode()).isEqualTo(1);
    assertThat(noUsersFile.err())
        .isEqualTo("bookslake serve: Cannot read users file: " + users + "\n");

    Result shortSecret =
        serve(
            "--lake",
            dir.toString(),
            "--config",
            yaml("auth: {jwt-secret: too-short}\n").toString());
    assertThat(shortSecret.exitCode()).isEqualTo(1);
    assertThat(shortSecret.err())
        .isEqualTo(
            "bookslake serve: Cannot sign tokens with a 9-byte secret: BOOKSLAKE_JWT_SECRET needs at least 32 bytes\n");
  }

  @Test
  void usersComeFromTheUsersFileAndTheEnvironmentTogether() throws IOException {
    Path users =
        Files.writeString(
            dir.resolve("users.txt"),
            "# team\n"
                + PasswordHasher.line(
                    "alice", "a-pass".toCharArray(), PasswordHasher.MIN_ITERATIONS)
                + "\n");
    Map<String, String> env =
        Map.of(
            "BOOKSLAKE_USERS_FILE",
            users.toString(),
            "BOOKSLAKE_USERS",
            PasswordHasher.line("bob", "b-pass".toCharArray(), PasswordHasher.MIN_ITERATIONS)
                + ","
                + PasswordHasher.line(
                    "carol", "c-pass".toCharArray(), PasswordHasher.MIN_ITERATIONS));
    Map<String, String> lake = Map.of("lake.root", dir.resolve("lake").toString());

    try (Components components = Components.create(Main.config(lake, null, env), false)) {
      assertThat(components.auth().enabled()).as("no JWT secret: login is off").isFalse();
      assertThat(components.auth().users().size()).isEqualTo(3);
      assertThat(components.auth().users().verify("alice", "a-pass".toCharArray())).isTrue();
      assertThat(components.auth().users().verify("carol", "c-pass".toCharArray())).isTrue();
      assertThat(components.auth().users().verify("carol", "b-pass".toCharArray())).isFalse();
      assertThat(components.demoCredentials()).isEmpty();
    }
  }

  @Test
  void demoModeAddsARandomUserAndSecretForThisProcessOnly() {
    Config config =
        Main.config(Map.of("lake.root", dir.resolve("lake").toString()), null, Map.of());
    try (Components first = Components.create(config, true);
        Components second = Components.create(config, true)) {
      assertThat(first.auth().enabled()).isTrue();
      String credentials = first.demoCredentials().orElseThrow();
      assertThat(credentials).matches("demo / [A-Za-z0-9_-]{20}");
      assertThat(
              first
                  .auth()
                  .users()
                  .verify("demo", credentials.substring("demo / ".length()).toCharArray()))
          .isTrue();
      assertThat(second.demoCredentials()).isPresent().isNotEqualTo(first.demoCredentials());

      String token = first.auth().tokens().issue("demo").accessToken();
      assertThat(first.auth().tokens().verifyAccess(token)).isEqualTo("demo");
      assertThatThrownBy(() -> second.auth().tokens().verifyAccess(token))
          .as("another process has another secret")
          .hasMessage("Cannot accept token: bad signature");
    }
  }

  @Test
  void demoModeKeepsAConfiguredSecret() {
    Map<String, String> lake = Map.of("lake.root", dir.resolve("lake").toString());
    Tokens sameSecret =
        new Tokens(
            SECRET.getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(15),
            Duration.ofHours(12),
            Clock.systemUTC());
    try (Components components =
        Components.create(Main.config(lake, null, Map.of("BOOKSLAKE_JWT_SECRET", SECRET)), true)) {
      String token = components.auth().tokens().issue("demo").accessToken();
      assertThat(sameSecret.verifyAccess(token)).isEqualTo("demo");
    }
  }
}
