package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot rot: every {@code ```java} block of README.md and docs/*.md is a piece of
 * a source file of this package (so the build compiles it, and the tests beside it run it against
 * the emulator), every relative link points at a file that exists and at a heading that exists,
 * and every block of another build language names the consumer project under {@code consumers/}
 * that builds it, or says it is not checked.
 *
 * <p>Files are read relative to this module's directory, where Maven runs the tests.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..");
  private static final Path SNIPPETS = Path.of("src/test/java/org/vumi/go/http/docs");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
  /** Inline links and images, {@code [text](target "title")}; the target has no spaces or parentheses. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  /** Reference definitions, {@code [name]: target}. */
  private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
  /** Languages that only a build of their own can check: a consumer project, or nobody (then say so). */
  private static final Set<String> BUILT_ELSEWHERE = Set.of("xml", "properties", "kotlin", "kt", "kts", "groovy",
      "gradle", "yaml", "yml");
  private static final Pattern CONSUMER = Pattern.compile("consumers/([A-Za-z0-9._-]+)");

  /** A fenced code block: where it starts (1-based), its language and its lines. */
  record Block(Path file, int line, String language, List<String> lines) {
    String where() {
      return ROOT.relativize(file).toString().replace('\\', '/') + ":" + line;
    }
  }

  static List<Path> documents(boolean withContributing) {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    if (withContributing) {
      files.add(ROOT.resolve("CONTRIBUTING.md"));
    }
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fenced code blocks of a Markdown file, in order. */
  static List<Block> blocks(Path file) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = read(file);
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String fence = open.group(2);
      String language = open.group(3).toLowerCase(Locale.ROOT);
      List<String> body = new ArrayList<>();
      int start = i + 1;
      for (i++; i < lines.size(); i++) {
        if (closes(lines.get(i), fence)) {
          break;
        }
        body.add(lines.get(i));
      }
      blocks.add(new Block(file, start, language, body));
    }
    return blocks;
  }

  /** Whether a line closes a block opened with this fence: as many fence characters or more, and nothing else. */
  static boolean closes(String line, String fence) {
    String stripped = line.strip();
    return stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fence.charAt(0));
  }

  /** Lines as compared: leading (and trailing) whitespace stripped, blank lines left out. */
  static List<String> normalized(List<String> lines) {
    return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
  }

  static boolean contains(List<String> haystack, List<String> needle) {
    return java.util.Collections.indexOfSubList(haystack, needle) >= 0;
  }

  @Test
  void everyJavaBlockIsInASourceOfThisPackage() throws IOException {
    Map<Path, List<String>> sources = new HashMap<>();
    try (Stream<Path> files = Files.list(SNIPPETS)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.put(p, normalized(read(p))));
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path document : documents(false)) {
      for (Block block : blocks(document)) {
        if (!block.language().equals("java")) {
          continue;
        }
        checked++;
        List<String> wanted = normalized(block.lines());
        if (wanted.isEmpty() || sources.values().stream().noneMatch(source -> contains(source, wanted))) {
          missing.add(block.where() + ": the ```java block starting \"" + (wanted.isEmpty() ? "" : wanted.get(0))
              + "\" is in no source file of " + SNIPPETS + " (compared line by line, leading whitespace stripped,"
              + " blank lines ignored)");
        }
      }
    }
    assertTrue(checked > 0, "no ```java block found: are the documents where this test looks, " + ROOT.toAbsolutePath() + "?");
    assertEquals(List.of(), missing, String.join("\n", missing));
  }

  @Test
  void everyBlockOfAnotherBuildLanguageSaysWhatChecksIt() {
    List<String> unsaid = new ArrayList<>();
    for (Path document : documents(true)) {
      List<String> lines = read(document);
      for (Block block : blocks(document)) {
        if (!BUILT_ELSEWHERE.contains(block.language())) {
          continue;
        }
        // The caption is the paragraph just above the block (up to three lines), or a comment in it.
        String caption = String.join("\n", lines.subList(Math.max(0, block.line() - 5), block.line() - 1))
            + "\n" + String.join("\n", block.lines());
        Matcher consumer = CONSUMER.matcher(caption);
        boolean named = false;
        while (consumer.find()) {
          named = true;
          if (!Files.isDirectory(ROOT.resolve("consumers").resolve(consumer.group(1)))) {
            unsaid.add(block.where() + ": names consumers/" + consumer.group(1) + ", which does not exist");
          }
        }
        if (!named && !caption.toLowerCase(Locale.ROOT).contains("not checked")) {
          unsaid.add(block.where() + ": a ```" + block.language() + " block whose caption (the lines above it) or"
              + " comments name no consumers/<project> that builds it, and do not say \"not checked\"");
        }
      }
    }
    assertEquals(List.of(), unsaid, String.join("\n", unsaid));
  }

  @Test
  void everyRelativeLinkLeadsSomewhere() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : documents(true)) {
      List<String> lines = read(document);
      boolean inCode = false;
      String fence = "";
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher open = FENCE.matcher(line);
        if (open.matches() && (!inCode || closes(line, fence))) {
          fence = inCode ? "" : open.group(2);
          inCode = !inCode;
          continue;
        }
        if (inCode) {
          continue;
        }
        String text = withoutCodeSpans(line);
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
          targets.add(link.group(1));
        }
        Matcher reference = REFERENCE.matcher(text);
        if (reference.matches()) {
          targets.add(reference.group(1));
        }
        for (String target : targets) {
          if (target.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            continue; // http:, https:, mailto: and the like are not this test's business
          }
          checked++;
          String problem = problem(document, target);
          if (problem != null) {
            broken.add(ROOT.relativize(document) + ":" + (i + 1) + ": (" + target + ") " + problem);
          }
        }
      }
    }
    assertTrue(checked > 0, "no relative link found");
    assertEquals(List.of(), broken, String.join("\n", broken));
  }

  /** Why a relative link from a document is broken, or null if it is not. */
  static String problem(Path document, String target) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
    if (!Files.exists(file)) {
      return "no such file: " + ROOT.relativize(file);
    }
    if (anchor == null) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> anchors = anchors(file);
    return anchors.contains(anchor) ? null
        : "no heading with the anchor #" + anchor + " in " + ROOT.relativize(file) + "; its anchors are " + anchors;
  }

  /** The anchors GitHub makes for a Markdown file's headings (and any explicit HTML anchors). */
  static Set<String> anchors(Path file) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : read(file)) {
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        continue;
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1));
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(2));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  /**
   * GitHub's heading slug: the text as shown (links reduced to their text), lower case, with every
   * character that is not a letter, digit, mark, {@code -} or {@code _} left out and spaces made
   * {@code -}.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK || c == '-' || c == '_') {
        slug.appendCodePoint(c);
      } else if (c == ' ') {
        slug.append('-');
      }
    });
    return slug.toString();
  }

  static String withoutCodeSpans(String line) {
    return line.replaceAll("(`+)(?:(?!\\1).)+?\\1", "``");
  }

  @Test
  void slugsAreGitHubs() {
    assertEquals("vumi-gos-other-apis-opt-outs-metrics-account-contacts",
        slug("Vumi Go's other APIs: opt-outs, metrics, account, contacts"));
    assertEquals("was-it-sent-vumigoexception-attempts-and-maybeensent",
        slug("Was it sent? `VumiGoException`, `attempts()` and `mayBeenSent`"));
    assertEquals("the-jdks-server", slug("The [JDK's](https://openjdk.org) server"));
    assertEquals("spring-boot-35-and-40", slug("Spring Boot 3.5 and 4.0"));
  }

  @Test
  void theReadmeIsShortAndOpensWithCode() {
    List<String> readme = read(ROOT.resolve("README.md"));
    assertTrue(readme.size() <= 200, "README.md has " + readme.size() + " lines; at most 200, the rest goes to docs/");
    Block firstUserBlock = blocks(ROOT.resolve("README.md")).stream()
        .filter(block -> !block.language().equals("sh"))
        .findFirst().orElseThrow();
    assertTrue(firstUserBlock.line() <= 60, "the first block a user copies starts at line " + firstUserBlock.line());
  }
}
