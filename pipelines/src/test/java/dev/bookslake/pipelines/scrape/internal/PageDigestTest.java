package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Provider;
import java.util.Random;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;

class PageDigestTest {
  @Test
  void theJdksDigestIsSha256OfTheUtf8Bytes() {
    // FIPS 180-2's one-block message, and the empty body.
    assertThat(PageDigest.sha256("abc", null))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(PageDigest.sha256("", null))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void conscryptHashesEveryBodyAsTheJdkDoes() {
    assumeTrue(Conscrypt.isAvailable(), "Conscrypt has no native library for this platform");
    Provider conscrypt = Conscrypt.newProvider();
    Random random = new Random(20261206);
    String[] alphabet = {"a", "<p>", " ", "\n", "é", "\u00ad", "\u200b", "€", "😀", "\u0000"};
    for (int i = 0; i < 300; i++) {
      // Lengths across SHA-256's 64-byte blocks and its padding boundary, up to a page's size.
      int length = i < 200 ? i : random.nextInt(60_000);
      StringBuilder body = new StringBuilder(length);
      while (body.length() < length) {
        body.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = body.toString();
      assertThat(PageDigest.sha256(text, conscrypt))
          .as("body %d (%d chars)", i, text.length())
          .isEqualTo(PageDigest.sha256(text, null));
    }
  }

  @Test
  void withoutTheLaunchersQuickModeTheJdkHashes() {
    // The surefire JVM runs both compilers and is not started by the launcher.
    assumeTrue(System.getProperty(PageDigest.JIT_PROPERTY) == null);

    assertThat(PageDigest.usesConscrypt()).isFalse();
  }
}
