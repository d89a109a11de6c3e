package dev.bookslake.ml.sentiment.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A line-by-line port of {@code SentimentIntensityAnalyzer.polarity_scores} of vaderSentiment 3.3.2
 * ({@code vaderSentiment/vaderSentiment.py}, Hutto &amp; Gilbert, MIT licence; see {@code
 * bookslake/sentiment/NOTICE}). It keeps the reference's quirks on purpose (the "but" rule finds a
 * score by value, the "so"/"this" rule fires without "never", "no" at the end of a text keeps its
 * own valence): the point of the port is to give the published figures, not to improve on them.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class Vader {
  /** Empirically derived mean sentiment intensity increase of a booster word. */
  static final double B_INCR = 0.293;

  static final double B_DECR = -0.293;

  /** Empirically derived mean intensity increase of an ALL-CAPS word among mixed-case ones. */
  static final double C_INCR = 0.733;

  static final double N_SCALAR = -0.74;

  /** The reference's compound normalisation constant. */
  static final double ALPHA = 15;

  static final Set<String> NEGATE =
      Set.of(
          "aint",
          "arent",
          "cannot",
          "cant",
          "couldnt",
          "darent",
          "didnt",
          "doesnt",
          "ain't",
          "aren't",
          "can't",
          "couldn't",
          "daren't",
          "didn't",
          "doesn't",
          "dont",
          "hadnt",
          "hasnt",
          "havent",
          "isnt",
          "mightnt",
          "mustnt",
          "neither",
          "don't",
          "hadn't",
          "hasn't",
          "haven't",
          "isn't",
          "mightn't",
          "mustn't",
          "neednt",
          "needn't",
          "never",
          "none",
          "nope",
          "nor",
          "not",
          "nothing",
          "nowhere",
          "oughtnt",
          "shant",
          "shouldnt",
          "uhuh",
          "wasnt",
          "werent",
          "oughtn't",
          "shan't",
          "shouldn't",
          "uh-uh",
          "wasn't",
          "weren't",
          "without",
          "wont",
          "wouldnt",
          "won't",
          "wouldn't",
          "rarely",
          "seldom",
          "despite");

  static final Map<String, Double> BOOSTER_DICT = boosters();

  /** Idioms and phrases containing lexicon words, with the valence that replaces the word's. */
  static final Map<String, Double> SPECIAL_CASES =
      Map.of(
          "the shit", 3.0,
          "the bomb", 3.0,
          "bad ass", 1.5,
          "badass", 1.5,
          "bus stop", 0.0,
          "yeah right", -2.0,
          "kiss of death", -1.5,
          "to die for", 3.0,
          "beating heart", 3.5);

  /** Python's {@code string.punctuation}. */
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final Map<String, Double> lexicon;
  private final Map<String, String> emojis;

  /**
   * @param lexicon lower-case token to mean valence (vader_lexicon.txt)
   * @param emojis one emoji (one code point) to its textual description (emoji_utf8_lexicon.txt)
   */
  public Vader(Map<String, Double> lexicon, Map<String, String> emojis) {
    this.lexicon = Map.copyOf(lexicon);
    this.emojis = Map.copyOf(emojis);
  }

  /** The reference's four scores, rounded as it rounds them. */
  public record Scores(double negative, double neutral, double positive, double compound) {}

  /** {@code polarity_scores(text)}: negative, neutral and positive to 3 places, compound to 4. */
  public Scores polarityScores(String text) {
    String plain = strip(replaceEmojis(text));
    List<String> words = wordsAndEmoticons(plain);
    boolean capDiff = allCapDifferential(words);
    List<String> lower = new ArrayList<>(words.size());
    for (String w : words) {
      lower.add(lower(w));
    }
    double[] sentiments = new double[words.size()];
    for (int i = 0; i < words.size(); i++) {
      String item = lower.get(i);
      // Modifiers are scored through the word they modify, never on their own.
      if (BOOSTER_DICT.containsKey(item)) {
        continue;
      }
      if (i < words.size() - 1 && item.equals("kind") && lower.get(i + 1).equals("of")) {
        continue;
      }
      sentiments[i] = sentimentValence(words, lower, capDiff, i);
    }
    butCheck(lower, sentiments);
    return scoreValence(sentiments, plain);
  }

  private String replaceEmojis(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean prevSpace = true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      String description = emojis.get(text.substring(i, next));
      if (description != null) {
        if (!prevSpace) {
          out.append(' ');
        }
        out.append(description);
        prevSpace = false;
      } else {
        out.appendCodePoint(cp);
        prevSpace = cp == ' ';
      }
      i = next;
    }
    return out.toString();
  }

  private double sentimentValence(List<String> words, List<String> lower, boolean capDiff, int i) {
    String item = lower.get(i);
    Double meanValence = lexicon.get(item);
    if (meanValence == null) {
      return 0;
    }
    double valence = meanValence;
    int n = words.size();
    // "no" right before a lexicon word negates that word instead of counting itself.
    if (item.equals("no") && i != n - 1 && lexicon.containsKey(lower.get(i + 1))) {
      valence = 0.0;
    }
    if ((i > 0 && lower.get(i - 1).equals("no"))
        || (i > 1 && lower.get(i - 2).equals("no"))
        || (i > 2
            && lower.get(i - 3).equals("no")
            && (lower.get(i - 1).equals("or") || lower.get(i - 1).equals("nor")))) {
      valence = meanValence * N_SCALAR;
    }
    if (isUpper(words.get(i)) && capDiff) {
      valence = valence > 0 ? valence + C_INCR : valence - C_INCR;
    }
    for (int start = 0; start < 3; start++) {
      if (i > start && !lexicon.containsKey(lower.get(i - (start + 1)))) {
        double s = scalarIncDec(words.get(i - (start + 1)), valence, capDiff);
        if (start == 1 && s != 0) {
          s = s * 0.95;
        }
        if (start == 2 && s != 0) {
          s = s * 0.9;
        }
        valence = valence + s;
        valence = negationCheck(valence, lower, start, i);
        if (start == 2) {
          valence = specialIdiomsCheck(valence, lower, i);
        }
      }
    }
    return leastCheck(valence, lower, i);
  }

  private static double scalarIncDec(String word, double valence, boolean capDiff) {
    Double booster = BOOSTER_DICT.get(lower(word));
    if (booster == null) {
      return 0.0;
    }
    double scalar = booster;
    if (valence < 0) {
      scalar *= -1;
    }
    if (isUpper(word) && capDiff) {
      scalar = valence > 0 ? scalar + C_INCR : scalar - C_INCR;
    }
    return scalar;
  }

  private double leastCheck(double valence, List<String> lower, int i) {
    if (i > 1 && !lexicon.containsKey(lower.get(i - 1)) && lower.get(i - 1).equals("least")) {
      if (!lower.get(i - 2).equals("at") && !lower.get(i - 2).equals("very")) {
        return valence * N_SCALAR;
      }
    } else if (i > 0
        && !lexicon.containsKey(lower.get(i - 1))
        && lower.get(i - 1).equals("least")) {
      return valence * N_SCALAR;
    }
    return valence;
  }

  /**
   * Halves the scores before the first "but" and multiplies those after it by 1.5. Like the
   * reference, each score is looked up by value ({@code list.index}), so of equal scores the first
   * one is the one changed.
   */
  static void butCheck(List<String> lower, double[] sentiments) {
    int bi = lower.indexOf("but");
    if (bi < 0) {
      return;
    }
    for (int k = 0; k < sentiments.length; k++) {
      double sentiment = sentiments[k];
      int si = 0;
      while (sentiments[si] != sentiment) {
        si++;
      }
      if (si < bi) {
        sentiments[si] = sentiment * 0.5;
      } else if (si > bi) {
        sentiments[si] = sentiment * 1.5;
      }
    }
  }

  static double specialIdiomsCheck(double valence, List<String> lower, int i) {
    String oneZero = lower.get(i - 1) + " " + lower.get(i);
    String twoOneZero = lower.get(i - 2) + " " + lower.get(i - 1) + " " + lower.get(i);
    String twoOne = lower.get(i - 2) + " " + lower.get(i - 1);
    String threeTwoOne = lower.get(i - 3) + " " + lower.get(i - 2) + " " + lower.get(i - 1);
    String threeTwo = lower.get(i - 3) + " " + lower.get(i - 2);
    for (String seq : List.of(oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo)) {
      Double special = SPECIAL_CASES.get(seq);
      if (special != null) {
        valence = special;
        break;
      }
    }
    if (lower.size() - 1 > i) {
      Double special = SPECIAL_CASES.get(lower.get(i) + " " + lower.get(i + 1));
      if (special != null) {
        valence = special;
      }
    }
    if (lower.size() - 1 > i + 1) {
      Double special =
          SPECIAL_CASES.get(lower.get(i) + " " + lower.get(i + 1) + " " + lower.get(i + 2));
      if (special != null) {
        valence = special;
      }
    }
    // Booster and dampener n-grams such as "sort of" or "kind of".
    for (String nGram : List.of(threeTwoOne, threeTwo, twoOne)) {
      Double booster = BOOSTER_DICT.get(nGram);
      if (booster != null) {
        valence = valence + booster;
      }
    }
    return valence;
  }

  static double negationCheck(double valence, List<String> lower, int start, int i) {
    if (start == 0) {
      if (negated(lower.get(i - 1))) {
        return valence * N_SCALAR;
      }
    } else if (start == 1) {
      if (lower.get(i - 2).equals("never")
          && (lower.get(i - 1).equals("so") || lower.get(i - 1).equals("this"))) {
        return valence * 1.25;
      } else if (lower.get(i - 2).equals("without") && lower.get(i - 1).equals("doubt")) {
        return valence;
      } else if (negated(lower.get(i - 2))) {
        return valence * N_SCALAR;
      }
    } else if (start == 2) {
      // As in the reference, "so"/"this" right before the word also counts without "never".
      if (lower.get(i - 3).equals("never")
              && (lower.get(i - 2).equals("so") || lower.get(i - 2).equals("this"))
          || (lower.get(i - 1).equals("so") || lower.get(i - 1).equals("this"))) {
        return valence * 1.25;
      } else if (lower.get(i - 3).equals("without")
          && (lower.get(i - 2).equals("doubt") || lower.get(i - 1).equals("doubt"))) {
        return valence;
      } else if (negated(lower.get(i - 3))) {
        return valence * N_SCALAR;
      }
    }
    return valence;
  }

  static boolean negated(String lowerWord) {
    return NEGATE.contains(lowerWord) || lowerWord.contains("n't");
  }

  static Scores scoreValence(double[] sentiments, String text) {
    if (sentiments.length == 0) {
      return new Scores(0.0, 0.0, 0.0, 0.0);
    }
    double sum = 0.0;
    for (double s : sentiments) {
      sum += s;
    }
    double punctuation = amplifyExclamation(text) + amplifyQuestion(text);
    if (sum > 0) {
      sum += punctuation;
    } else if (sum < 0) {
      sum -= punctuation;
    }
    double compound = normalize(sum);
    // The +1/-1 make up for neutral words being counted as 1 each.
    double posSum = 0.0;
    double negSum = 0.0;
    int neuCount = 0;
    for (double s : sentiments) {
      if (s > 0) {
        posSum += s + 1;
      }
      if (s < 0) {
        negSum += s - 1;
      }
      if (s == 0) {
        neuCount++;
      }
    }
    if (posSum > Math.abs(negSum)) {
      posSum += punctuation;
    } else if (posSum < Math.abs(negSum)) {
      negSum -= punctuation;
    }
    double total = posSum + Math.abs(negSum) + neuCount;
    return new Scores(
        round(Math.abs(negSum / total), 3),
        round(Math.abs(neuCount / total), 3),
        round(Math.abs(posSum / total), 3),
        round(compound, 4));
  }

  static double amplifyExclamation(String text) {
    long count = Math.min(4, text.chars().filter(c -> c == '!').count());
    return count * 0.292;
  }

  static double amplifyQuestion(String text) {
    long count = text.chars().filter(c -> c == '?').count();
    if (count <= 1) {
      return 0;
    }
    return count <= 3 ? count * 0.18 : 0.96;
  }

  static double normalize(double score) {
    double norm = score / Math.sqrt(score * score + ALPHA);
    return Math.max(-1.0, Math.min(1.0, norm));
  }

  /** Python's {@code round(x, places)}: the exact binary value, ties to even. */
  static double round(double value, int places) {
    return new BigDecimal(value).setScale(places, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Python's {@code str.split()} then {@code _strip_punc_if_word} on each token. */
  static List<String> wordsAndEmoticons(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && isSpace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      int start = i;
      while (i < n && !isSpace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      if (i > start) {
        words.add(stripPunctuationIfWord(text.substring(start, i)));
      }
    }
    return words;
  }

  /**
   * A token stripped of leading and trailing punctuation, unless that leaves 2 code points or less
   * (an emoticon such as ":)").
   */
  static String stripPunctuationIfWord(String token) {
    int from = 0;
    int to = token.length();
    while (from < to && PUNCTUATION.indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && PUNCTUATION.indexOf(token.charAt(to - 1)) >= 0) {
      to--;
    }
    String stripped = token.substring(from, to);
    return stripped.codePointCount(0, stripped.length()) <= 2 ? token : stripped;
  }

  /** Whether some but not all words are ALL CAPS. */
  static boolean allCapDifferential(List<String> words) {
    int allCaps = 0;
    for (String w : words) {
      if (isUpper(w)) {
        allCaps++;
      }
    }
    int differential = words.size() - allCaps;
    return 0 < differential && differential < words.size();
  }

  /** Python's {@code str.isupper()}: at least one cased character and none lower or title case. */
  static boolean isUpper(String word) {
    boolean cased = false;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      if (Character.isUpperCase(cp)) {
        cased = true;
      }
      i += Character.charCount(cp);
    }
    return cased;
  }

  /** Python's {@code str.isspace()} for one code point. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  /** Python's {@code str.strip()}. */
  static String strip(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && isSpace(text.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(text.charAt(to - 1))) {
      to--;
    }
    return text.substring(from, to);
  }

  static String lower(String word) {
    return word.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> b = new java.util.HashMap<>();
    for (String w :
        List.of(
            "absolutely",
            "amazingly",
            "awfully",
            "completely",
            "considerable",
            "considerably",
            "decidedly",
            "deeply",
            "effing",
            "enormous",
            "enormously",
            "entirely",
            "especially",
            "exceptional",
            "exceptionally",
            "extreme",
            "extremely",
            "fabulously",
            "flipping",
            "flippin",
            "frackin",
            "fracking",
            "fricking",
            "frickin",
            "frigging",
            "friggin",
            "fully",
            "fuckin",
            "fucking",
            "fuggin",
            "fugging",
            "greatly",
            "hella",
            "highly",
            "hugely",
            "incredible",
            "incredibly",
            "intensely",
            "major",
            "majorly",
            "more",
            "most",
            "particularly",
            "purely",
            "quite",
            "really",
            "remarkably",
            "so",
            "substantially",
            "thoroughly",
            "total",
            "totally",
            "tremendous",
            "tremendously",
            "uber",
            "unbelievably",
            "unusually",
            "utter",
            "utterly",
            "very")) {
      b.put(w, B_INCR);
    }
    for (String w :
        List.of(
            "almost",
            "barely",
            "hardly",
            "just enough",
            "kind of",
            "kinda",
            "kindof",
            "kind-of",
            "less",
            "little",
            "marginal",
            "marginally",
            "occasional",
            "occasionally",
            "partly",
            "scarce",
            "scarcely",
            "slight",
            "slightly",
            "somewhat",
            "sort of",
            "sorta",
            "sortof",
            "sort-of")) {
      b.put(w, B_DECR);
    }
    return Map.copyOf(b);
  }
}
