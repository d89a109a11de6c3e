package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    String text = """
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
    String text = "User-agent: *\nDisallow: /catalogue/\nAllow: /catalogue/page-\nDisallow: /x\nAllow: /x\n";
    RobotsRules rules = RobotsRules.parse(text, "bookslake");
    assertThat(rules.allows("/catalogue/page-3.html")).isTrue();
    assertThat(rules.allows("/catalogue/some-book_1/index.html")).isFalse();
    assertThat(rules.allows("/x")).isTrue();
  }

  @Test
  void wildcardsAndEndAnchors() {
    RobotsRules rules = RobotsRules.parse("User-agent: *\nDisallow: /*.jpg$\nDisallow: /*/secret\n", "bookslake");
    assertThat(rules.allows("/media/cache/a.jpg")).isFalse();
    assertThat(rules.allows("/media/cache/a.jpg?x=1")).isTrue();
    assertThat(rules.allows("/a/b/secret/c")).isFalse();
  }

  @Test
  void consecutiveAgentLinesShareAGroupAndCommentsAreIgnored() {
    String text = "User-agent: other\nUser-agent: bookslake # us\nDisallow: /tmp # scratch\nCrawl-delay: 2\n";
    RobotsRules rules = RobotsRules.parse(text, "bookslake");
    assertThat(rules.allows("/tmp/x")).isFalse();
    assertThat(rules.crawlDelayMillis()).isEqualTo(2000);
  }

  @Test
  void emptyDisallowAllowsEverythingAndBadDelayIsIgnored() {
    RobotsRules rules = RobotsRules.parse("User-agent: *\nDisallow:\nCrawl-delay: soon\n", "bookslake");
    assertThat(rules.allows("/")).isTrue();
    assertThat(rules.crawlDelayMillis()).isZero();
  }

  @Test
  void missingAndUnreachableRobots() {
    assertThat(RobotsRules.allowAll().allows("/anything")).isTrue();
    assertThat(RobotsRules.disallowAll().allows("/index.html")).isFalse();
  }
}
