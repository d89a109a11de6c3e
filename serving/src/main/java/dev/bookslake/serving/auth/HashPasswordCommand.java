package dev.bookslake.serving.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code hash-password}: prints a users-file line for a user, reading the password without echo
 * from the terminal (twice), or from the first line of standard input when it is not a terminal.
 *
 * <pre>
 * java -jar serving/target/bookslake-serving.jar hash-password alice &gt;&gt; users.txt
 * printf '%s\n' "$PASSWORD" | java -jar serving/target/bookslake-serving.jar hash-password alice
 * </pre>
 */
public final class HashPasswordCommand {
  private HashPasswordCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    int iterations = PasswordHasher.MIN_ITERATIONS;
    String username = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--iterations") && i + 1 < args.length) {
        iterations = Integer.parseInt(args[++i]);
      } else if (username == null && !args[i].startsWith("-")) {
        username = args[i];
      } else {
        err.println("Usage: hash-password [--iterations N] USERNAME   (password from the terminal or stdin)");
        return 2;
      }
    }
    if (username == null) {
      err.println("Usage: hash-password [--iterations N] USERNAME   (password from the terminal or stdin)");
      return 2;
    }
    char[] password = null;
    try {
      password = readPassword(err);
      if (password == null || password.length == 0) {
        err.println("Cannot hash an empty password");
        return 2;
      }
      out.println(PasswordHasher.line(username, password, iterations));
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println(e.getMessage());
      return 2;
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  // Console.isTerminal() exists from Java 22; the build targets 21.
  private static boolean isTerminal(Console console) {
    try {
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static char[] readPassword(PrintStream err) throws IOException {
    Console console = System.console();
    if (console != null && isTerminal(console)) {
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Repeat password: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("Cannot hash: the passwords differ");
      }
      return first;
    }
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? null : line.toCharArray();
  }
}
