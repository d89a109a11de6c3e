package dev.bookslake.serving.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users who may log in, read from a users file ({@code auth.users-file}) and/or the {@code
 * BOOKSLAKE_USERS} variable (lines separated by newlines or commas). Each line is {@code
 * username:pbkdf2-sha256:iterations:salt-b64:hash-b64[:role]} with role {@code user} (the default)
 * or {@code admin}; blank lines and {@code #} comments are skipped. There are no default users.
 */
public final class Users {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** One user's stored hash. */
  record Entry(String username, int iterations, byte[] salt, byte[] hash, Role role) {}

  private final Map<String, Entry> entries;

  // Verified against for unknown names, so a wrong username costs as much time as a wrong password.
  private static final class Decoy {
    static final Entry ENTRY =
        parseLine(
            PasswordHasher.line(
                "decoy",
                PasswordHasher.randomPassword().toCharArray(),
                PasswordHasher.MIN_ITERATIONS),
            "decoy",
            0);
  }

  private Users(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** No users: login always fails. */
  public static Users none() {
    return new Users(Map.of());
  }

  /**
   * Users from lines in the users-file format; {@code source} names where they came from in errors.
   */
  public static Users parse(List<String> lines, String source) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Entry e = parseLine(line, source, number);
      if (entries.put(e.username(), e) != null) {
        throw new IllegalArgumentException(
            "Cannot load users from "
                + source
                + " line "
                + number
                + ": user "
                + e.username()
                + " is listed twice");
      }
    }
    return new Users(entries);
  }

  /** Users from a file, an environment value, or both. */
  public static Users load(Path file, String envValue) {
    List<String> lines = new ArrayList<>();
    if (file != null) {
      try {
        lines.addAll(Files.readAllLines(file));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read users file: " + file, e);
      }
    }
    if (envValue != null && !envValue.isBlank()) {
      lines.addAll(List.of(envValue.split("[,\\n]")));
    }
    return parse(lines, file == null ? "BOOKSLAKE_USERS" : file + " and BOOKSLAKE_USERS");
  }

  /** These users plus one more, hashed here (the {@code --demo} user). */
  public Users withUser(String username, String password, Role role) {
    String line =
        PasswordHasher.line(username, password.toCharArray(), PasswordHasher.MIN_ITERATIONS)
            + ":"
            + role.label();
    Map<String, Entry> more = new LinkedHashMap<>(entries);
    Entry e = parseLine(line, "demo", 1);
    more.put(e.username(), e);
    return new Users(more);
  }

  public int size() {
    return entries.size();
  }

  /** The role of a known user, empty for anyone else. */
  public Optional<Role> role(String username) {
    return Optional.ofNullable(entries.get(username)).map(Entry::role);
  }

  /** Checks a password in constant time; unknown users take as long as known ones. */
  public boolean verify(String username, char[] password) {
    Entry e = entries.get(username);
    Entry against = e == null ? Decoy.ENTRY : e;
    byte[] actual = PasswordHasher.derive(password, against.salt(), against.iterations());
    return MessageDigest.isEqual(actual, against.hash()) && e != null;
  }

  static void checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "Cannot use username " + username + ": use 1-64 letters, digits, '.', '_', '@' or '-'");
    }
  }

  private static Entry parseLine(String line, String source, int number) {
    String where = "Cannot load users from " + source + " line " + number + ": ";
    String[] parts = line.split(":", -1);
    if (parts.length < 5 || parts.length > 6 || !parts[1].equals(PasswordHasher.SCHEME)) {
      throw new IllegalArgumentException(
          where
              + "expected username:"
              + PasswordHasher.SCHEME
              + ":iterations:salt-b64:hash-b64[:role] (make one with: java -jar bookslake-serving.jar hash-password USER)");
    }
    try {
      checkUsername(parts[0]);
      int iterations = Integer.parseInt(parts[2]);
      if (iterations < PasswordHasher.MIN_ITERATIONS) {
        throw new IllegalArgumentException(
            where + "iterations " + iterations + " below " + PasswordHasher.MIN_ITERATIONS);
      }
      byte[] salt = Base64.getDecoder().decode(parts[3]);
      byte[] hash = Base64.getDecoder().decode(parts[4]);
      if (salt.length < 16 || hash.length != 32) {
        throw new IllegalArgumentException(
            where + "salt must be at least 16 bytes and hash 32 bytes");
      }
      return new Entry(
          parts[0], iterations, salt, hash, parts.length == 6 ? Role.of(parts[5]) : Role.USER);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + "iterations is not a number: " + parts[2], e);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Cannot")) {
        throw e;
      }
      throw new IllegalArgumentException(where + "salt or hash is not Base64", e);
    }
  }
}
