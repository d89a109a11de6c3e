package dev.bookslake.sandbox.internal;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated titles and descriptions. They imitate the real catalogue's variety: short and very long
 * titles, subtitles, series numbers, apostrophes, ampersands, double quotes and accented letters,
 * so that entity decoding and slugging are exercised.
 *
 * <p>No word list here can produce "The Star-Touched Queen": that title is reserved for the two
 * books the catalogue gives it on purpose.
 */
public final class BookTexts {

  private static final String[] ADJECTIVES = {
    "Light",
    "Dark",
    "Silent",
    "Hidden",
    "Last",
    "Lost",
    "Broken",
    "Golden",
    "Secret",
    "Wild",
    "Little",
    "Crimson",
    "Quiet",
    "Forgotten",
    "Burning",
    "Midnight",
    "Invisible",
    "Paper",
    "Iron",
    "Bitter",
    "Sweet",
    "Distant",
    "Curious",
    "Accidental",
    "Unlikely",
    "Naïve",
    "Electric",
    "Hungry",
    "Restless",
    "Glass",
    "Velvet",
    "Savage",
    "Gentle",
    "Dangerous",
    "Perfect",
    "Hollow",
    "Shining",
    "Wicked",
    "Brave",
    "Strange",
    "Ordinary",
    "Impossible",
    "Tender",
    "Scarlet",
  };

  private static final String[] NOUNS = {
    "Attic",
    "Velvet",
    "Garden",
    "River",
    "Shadow",
    "Kingdom",
    "Orchard",
    "Lantern",
    "Harbor",
    "Compass",
    "Winter",
    "Summer",
    "Promise",
    "Letter",
    "Daughter",
    "Mountain",
    "Island",
    "Storm",
    "Crown",
    "Mirror",
    "Thief",
    "Map",
    "Clockmaker",
    "Lighthouse",
    "Cartographer",
    "Wolf",
    "Raven",
    "Fire",
    "Salt",
    "Bone",
    "Ash",
    "Song",
    "Silence",
    "Library",
    "Tide",
    "Ember",
    "Forest",
    "Valley",
    "Station",
    "Bridge",
    "Journey",
    "Horizon",
    "Widow",
    "Stranger",
    "Sister",
    "Kitchen",
    "Recipe",
    "Equation",
    "Algorithm",
    "Atlas",
    "Empire",
    "Revolution",
    "Meadow",
    "Night",
    "Dream",
    "Heart",
    "Sea",
    "Moon",
    "Sun",
    "Orphan",
    "Detective",
    "Pilgrim",
    "Circus",
    "Violin",
    "Archive",
    "Witness",
    "Apprentice",
    "Bookseller",
    "Painter",
    "Soldier",
    "Queen",
    "King",
    "Tailor",
  };

  private static final String[] PLURALS = {
    "Tales", "Stories", "Poems", "Essays", "Letters", "Secrets", "Lies", "Recipes", "Maps",
    "Ghosts", "Machines", "Rivers", "Songs", "Dreams", "Strangers", "Bones", "Wolves", "Islands",
  };

  private static final String[] NAMES = {
    "Emma", "Oliver", "Sophie", "Jasper", "Clara", "Theo", "Margot", "Felix", "Ada", "Henry",
    "Nora", "Silas", "Iris", "Amélie", "O'Brien", "D'Arcy", "Zoë", "Rosalind", "August", "Mabel",
    "Finn", "Beatrix", "Ezra", "Harriet", "Juno", "Cormac", "Delphine", "Ignatius",
  };

  private static final String[] PLACES = {
    "Paris", "Venice", "the Himalayas", "Brooklyn", "Kyoto", "Lisbon", "Marrakesh", "Yorkshire",
    "Patagonia", "Reykjavík", "Havana", "Istanbul", "Lagos", "Montréal", "Alaska", "Tuscany",
    "Berlin", "the Moors", "the Outback", "Zanzibar",
  };

  private static final String[] GERUNDS = {
    "Tipping", "Chasing", "Keeping", "Finding", "Losing", "Mapping", "Burning", "Breaking",
    "Reading", "Counting", "Crossing", "Becoming", "Leaving", "Hunting", "Mending", "Taming",
  };

  private static final String[] CONTRACTIONS = {
    "It's Only %s",
    "Don't Tell %s",
    "We'll Always Have %s",
    "You're Never Too Old for %s",
    "There's No Place Like %s",
    "I'd Rather Be in %s",
    "Who's Afraid of %s?",
  };

  private static final String[] SUBTITLES = {
    "A Novel",
    "Stories",
    "A Memoir",
    "How %s Changed the World",
    "The Untold Story of %s and the Race for the %s",
    "Notes on %s, %s, and the Art of Paying Attention",
    "A Natural History of %s in Twelve Chapters",
    "Scenes from the %s Underground, 1981-1991",
    "Nine Americans and Their Epic Quest for the %s at the 1936 Olympics",
    "A Guide to %s for Busy People",
    "The Surprising Science of %s",
    "What the %s Knew",
  };

  // Placeholders: %t title, %n name, %p place, %a adjective, %A adjective with its article,
  // %o noun, %O noun with its article, %s plural noun, %d a number.
  private static final String[] OPENINGS = {
    "It's hard to imagine a world without %t.",
    "%t is the story of %O, %O and everything in between.",
    "Nobody expected %t to become the book everyone's talking about.",
    "In %t, nothing is quite what it seems.",
    "%t begins with %O & ends with %O.",
  };

  private static final String[] SENTENCES = {
    "When %n finds %O in the %o, nothing is ever the same again.",
    "Critics have called it \"%a and %a\".",
    "Part memoir, part %o, it's a book you won't put down.",
    "%n doesn't believe in %s. Then the %o arrives.",
    "%A debut from an author who knows that every %o hides %O.",
    "Set in %p, it follows %n across %d %a years.",
    "Readers of all ages will find something to love here — from the first page to the last.",
    "Here are %s & %s, and %O that refuses to stay buried.",
    "%n's %o is %a, funny and, above all, %a.",
    "It asks the question we're all afraid of: what if the %o was right?",
    "Told in %d chapters, each one %O of its own.",
    "You'll laugh, you'll cry, and you'll never look at %O the same way again.",
    "From %p to %p, %n's journey is one you won't forget.",
  };

  private BookTexts() {}

  /** A generated title; the random source decides its shape. */
  public static String title(SplittableRandom r) {
    int shape = r.nextInt(100);
    if (shape < 11) {
      return "The " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS);
    } else if (shape < 20) {
      return "A " + pick(r, NOUNS) + " in the " + pick(r, NOUNS);
    } else if (shape < 28) {
      return pick(r, NOUNS) + " of the " + pick(r, NOUNS);
    } else if (shape < 36) {
      return pick(r, NAMES) + "'s " + pick(r, NOUNS);
    } else if (shape < 42) {
      String target = r.nextBoolean() ? pick(r, PLACES) : "the " + pick(r, NOUNS);
      return pick(r, CONTRACTIONS).formatted(target);
    } else if (shape < 48) {
      return pick(r, GERUNDS) + " the " + pick(r, NOUNS) + " & Other " + pick(r, PLURALS);
    } else if (shape < 56) {
      return pick(r, GERUNDS) + " the " + pick(r, NOUNS);
    } else if (shape < 64) {
      return "The "
          + pick(r, NOUNS)
          + " (The "
          + pick(r, NOUNS)
          + " Chronicles #"
          + (1 + r.nextInt(9))
          + ")";
    } else if (shape < 75) {
      return longTitle(r);
    } else if (shape < 81) {
      return pick(r, NAMES) + " and the " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS);
    } else if (shape < 84) {
      return "\"" + pick(r, ADJECTIVES) + " " + pick(r, PLURALS) + "\": " + fillSubtitle(r);
    } else if (shape < 89) {
      return r.nextBoolean() ? pick(r, NOUNS) : pick(r, PLACES).replace("the ", "");
    } else if (shape < 93) {
      return "At the "
          + pick(r, ADJECTIVES)
          + " Café: "
          + pick(r, PLURALS)
          + " of "
          + pick(r, PLACES);
    } else if (shape < 97) {
      return "The "
          + (3 + r.nextInt(18))
          + " Habits of Highly "
          + pick(r, ADJECTIVES)
          + " "
          + pick(r, PLURALS);
    } else {
      return pick(r, ADJECTIVES)
          + " "
          + pick(r, PLURALS)
          + " & "
          + pick(r, ADJECTIVES)
          + " "
          + pick(r, PLURALS)
          + ", Vol. "
          + (1 + r.nextInt(4));
    }
  }

  private static String longTitle(SplittableRandom r) {
    String head =
        switch (r.nextInt(3)) {
          case 0 -> "The " + pick(r, NOUNS) + " in the " + pick(r, NOUNS);
          case 1 -> pick(r, NAMES) + "'s " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS);
          default -> "Our " + pick(r, NOUNS) + " Could Be Your " + pick(r, NOUNS);
        };
    return head + ": " + fillSubtitle(r);
  }

  private static String fillSubtitle(SplittableRandom r) {
    String template = pick(r, SUBTITLES);
    int holes = count(template, "%s");
    Object[] args = new Object[holes];
    for (int i = 0; i < holes; i++) {
      args[i] = pick(r, NOUNS);
    }
    return template.formatted(args);
  }

  /** The soft hyphen: invisible unless a line breaks there. */
  public static final char SOFT_HYPHEN = '\u00ad';

  /** The zero-width space: an invisible break opportunity. */
  public static final char ZERO_WIDTH_SPACE = '\u200b';

  /**
   * A few generated sentences ending in " ...more", as every real description does. Like some real
   * ones (pasted from publishers' copy), about one in eight carries a soft hyphen inside a long
   * word and one in sixteen a zero-width space after a sentence: characters a reader does not see
   * but the page publishes, and the lake must keep.
   */
  public static String description(SplittableRandom r, String title) {
    StringBuilder text = new StringBuilder(600);
    fill(r, text, pick(r, OPENINGS), title);
    int sentences = 2 + r.nextInt(6);
    for (int i = 0; i < sentences; i++) {
      fill(r, text.append(' '), pick(r, SENTENCES), title);
    }
    if (r.nextInt(8) == 0) {
      hyphenateLongWord(text);
    }
    if (r.nextInt(16) == 0) {
      int stop = text.indexOf(". ");
      if (stop > 0) {
        text.insert(stop + 1, ZERO_WIDTH_SPACE);
      }
    }
    return text.append(" ...more").toString();
  }

  /** Puts a soft hyphen in the middle of the first word of eight or more letters, if any. */
  private static void hyphenateLongWord(StringBuilder text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        run++;
      } else {
        if (run >= 8) {
          text.insert(i - run / 2, SOFT_HYPHEN);
          return;
        }
        run = 0;
      }
    }
  }

  private static void fill(SplittableRandom r, StringBuilder out, String template, String title) {
    int i = 0;
    while (i < template.length()) {
      int hole = template.indexOf('%', i);
      if (hole < 0) {
        out.append(template, i, template.length());
        return;
      }
      out.append(template, i, hole);
      switch (template.charAt(hole + 1)) {
        case 't' -> out.append(title);
        case 'n' -> out.append(pick(r, NAMES));
        case 'p' -> out.append(pick(r, PLACES));
        case 'a' -> out.append(lower(pick(r, ADJECTIVES)));
        case 'A' -> withArticle(out, lower(pick(r, ADJECTIVES)), hole == 0);
        case 'o' -> out.append(lower(pick(r, NOUNS)));
        case 'O' -> withArticle(out, lower(pick(r, NOUNS)), hole == 0);
        case 's' -> out.append(lower(pick(r, PLURALS)));
        case 'd' -> out.append(2 + r.nextInt(40));
        default -> throw new IllegalStateException("Cannot fill placeholder in: " + template);
      }
      i = hole + 2;
    }
  }

  private static void withArticle(StringBuilder out, String word, boolean capital) {
    boolean vowel = "aeiou".indexOf(word.charAt(0)) >= 0;
    out.append(capital ? (vowel ? "An " : "A ") : (vowel ? "an " : "a ")).append(word);
  }

  private static String lower(String word) {
    return word.toLowerCase(Locale.ROOT);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }
}
