package dev.bookslake.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private static final String LINE =
      PasswordHasher.line("alice", "s3cret".toCharArray(), PasswordHasher.MIN_ITERATIONS);

  @Test
  void lineHasTheUsersFileFormat() {
    assertThat(LINE).matches("alice:pbkdf2-sha256:210000:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]{44}");
  }

  @Test
  void verifiesOnlyTheRightPassword() {
    Users users = Users.parse(List.of("# team", "", LINE), "test");
    assertThat(users.size()).isEqualTo(1);
    assertThat(users.verify("alice", "s3cret".toCharArray())).isTrue();
    assertThat(users.verify("alice", "s3cret!".toCharArray())).isFalse();
    assertThat(users.verify("bob", "s3cret".toCharArray())).isFalse();
  }

  @Test
  void refusesWeakOrMalformedLines() {
    assertThatThrownBy(() -> PasswordHasher.line("alice", "x".toCharArray(), 1000))
        .hasMessageContaining("at least 210000");
    String weak = LINE.replace(":210000:", ":1000:");
    assertThatThrownBy(() -> Users.parse(List.of(weak), "users.txt"))
        .hasMessageContaining("users.txt line 1")
        .hasMessageContaining("below 210000");
    assertThatThrownBy(() -> Users.parse(List.of("alice:plain:secret"), "users.txt"))
        .hasMessageContaining("expected username:pbkdf2-sha256");
    assertThatThrownBy(() -> Users.parse(List.of(LINE, LINE), "users.txt"))
        .hasMessageContaining("listed twice");
  }
}
