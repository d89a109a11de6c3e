package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RobotsRulesTest {
  @Test
  void wildcardGroupDisallowsPrefixes() {
    RobotsRules rules = RobotsRules.parse("User-agent: *\nDisallow: /private/\n", "bookslake");
    assertThat(rules.allows("/private/admin.html")).isFalse();
    assertThat(rules.allows("/catalogue/page-2.html")).isTrue();
    assertThat(rules.crawlDelayMillis()).isZero();
  }

  @Test
  void specificGroupWinsOverWildcard() {
    String text =
        """
        User-agent: *
        Disallow: /

        User-agent: bookslake
        Disallow: /catalogue/category/
        Crawl-delay: 0.25
        """;
    RobotsRules rules = RobotsRules.parse(text, "bookslake");
    assertThat(rules.allows("/index.html")).isTrue();
    assertThat(rules.allows("/catalogue/category/books_1/index.html")).isFalse();
    assertThat(rules.crawlDelayMillis()).isEqualTo(250);
  }

  @Test
  void otherAgentsGroupsDoNotApply() {
    RobotsRules rules = RobotsRules.parse("User-agent: googlebot\nDisallow: /\n", "bookslake");
    assertThat(rules.allows("/anything")).isTrue();
  }

  @Test
  void longestMatchWinsAndAllowBreaksTies() {
    String text =
        "User-agent: *\nDisallow: /catalogue/\nAllow: /catalogue/page-\nDisallow: /x\nAllow: /x\n";
    RobotsRules rules = RobotsRules.parse(text, "bookslake");
    assertThat(rules.allows("/catalogue/page-3.html")).isTrue();
    assertThat(rules.allows("/catalogue/some-book_1/index.html")).isFalse();
    assertThat(rules.allows("/x")).isTrue();
  }

  @Test
  void wildcardsAndEndAnchors() {
    RobotsRules rules =
        RobotsRules.parse("User-agent: *\nDisallow: /*.jpg$\nDisallow: /*/secret\n", "bookslake");
    assertThat(rules.allows("/media/cache/a.jpg")).isFalse();
    assertThat(rules.allows("/media/cache/a.jpg?x=1")).isTrue();
    assertThat(rules.allows("/a/b/secret/c")).isFalse();
  }

  @Test
  void consecutiveAgentLinesShareAGroupAndCommentsAreIgnored() {
    String text =
        "User-agent: other\nUser-agent: bookslake # us\nDisallow: /tmp # scratch\nCrawl-delay: 2\n";
    RobotsRules rules = RobotsRules.parse(text, "bookslake");
    assertThat(rules.allows("/tmp/x")).isFalse();
    assertThat(rules.crawlDelayMillis()).isEqualTo(2000);
  }

  @Test
  void emptyDisallowAllowsEverythingAndBadDelayIsIgnored() {
    RobotsRules rules =
        RobotsRules.parse("User-agent: *\nDisallow:\nCrawl-delay: soon\n", "bookslake");
    assertThat(rules.allows("/")).isTrue();
    assertThat(rules.crawlDelayMillis()).isZero();
  }

  @Test
  void missingAndUnreachableRobots() {
    assertThat(RobotsRules.allowAll().allows("/anything")).isTrue();
    assertThat(RobotsRules.disallowAll().allows("/index.html")).isFalse();
  }

  @Test
  void wildcardsMatchAnywhereAndAnchorsOnlyAtTheEnd() {
    RobotsRules rules =
        RobotsRules.parse(
            "User-agent: *\nDisallow: /*a*b*c$\nDisallow: /x**y\nDisallow: /lit$eral\nAllow: /*\n",
            "bookslake");
    assertThat(rules.allows("/abc")).isFalse();
    assertThat(rules.allows("/zzazzbzzc")).isFalse();
    assertThat(rules.allows("/cba")).as("segments in order").isTrue();
    assertThat(rules.allows("/abcd")).as("anchored at the end").isTrue();
    assertThat(rules.allows("/abcabc")).as("the last segment may repeat").isFalse();
    assertThat(rules.allows("/xy")).isFalse();
    assertThat(rules.allows("/x/any/y/z")).isFalse();
    assertThat(rules.allows("/lit$eral/page")).as("$ inside a pattern is a literal").isFalse();
    assertThat(rules.allows("/literal")).isTrue();
  }

  @Test
  void anchoredPatternsWhosePrefixAndSuffixOverlapNeedRoomForBoth() {
    RobotsRules rules =
        RobotsRules.parse("User-agent: *\nDisallow: /ab*ba$\nDisallow: /q$\n", "bookslake");
    assertThat(rules.allows("/aba"))
        .as("'b' cannot be both the prefix's end and the suffix's start")
        .isTrue();
    assertThat(rules.allows("/abba")).isFalse();
    assertThat(rules.allows("/ab-x-ba")).isFalse();
    assertThat(rules.allows("/q")).isFalse();
    assertThat(rules.allows("/qq")).isTrue();
  }

  /**
   * A site controls its robots.txt, so a pattern like {@code /*a*a*...*a*b} must not cost more than
   * reading it and the path once. The matcher splits a pattern at its {@code *}s into literal
   * segments and finds each with KMP at or after the end of the previous one; leftmost is always
   * safe, because any later match leaves less room for the rest. Each segment's search starts where
   * the previous one stopped, so the path is scanned once and each segment is read once: O(|path| +
   * |pattern|). The backtracking matcher this replaced took one nested loop per {@code *}, about
   * |path|^31 steps here, and recursed once per {@code *}.
   *
   * <p>The timeout only stops a regression from hanging the build; the assertions are on answers.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void pathologicalPatternsAreMatchedInLinearTime() {
    String alternating = "/" + "*a".repeat(30) + "*b";
    String manyStars = "/" + "*".repeat(200_000) + "z$";
    RobotsRules rules =
        RobotsRules.parse(
            "User-agent: *\nDisallow: " + alternating + "\nDisallow: " + manyStars + "\n",
            "bookslake");
    String longPath = "/" + "a".repeat(200_000);

    assertThat(rules.allows(longPath)).as("30 a's but no b").isTrue();
    assertThat(rules.allows(longPath + "b")).isFalse();
    assertThat(rules.allows("/" + "a".repeat(29) + "b")).as("one a short").isTrue();
    assertThat(rules.allows(longPath + "z")).isFalse();
    assertThat(rules.allows(longPath + "zy")).isTrue();
  }
}
