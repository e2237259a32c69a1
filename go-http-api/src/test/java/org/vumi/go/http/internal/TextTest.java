package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Server text in a message is escaped and cut, in one place. */
class TextTest {
  @Test
  void textUpToTheBoundIsKeptWhole() {
    String text = "x".repeat(Text.MAX_CHARS);
    assertSame(text, Text.escape(text));
    assertEquals('"' + text + '"', Text.quote(text));
  }

  @Test
  void longerTextIsCutAndSaysHowMuchWasLeftOut() {
    String text = "y".repeat(Text.MAX_CHARS) + "z".repeat(4 * 1024 * 1024);
    assertEquals("y".repeat(Text.MAX_CHARS) + "... (4194304 more characters)", Text.escape(text));
    assertEquals('"' + "y".repeat(Text.MAX_CHARS) + "... (4194304 more characters)\"", Text.quote(text));
  }

  @Test
  void theCutIsMadeBeforeEscaping() {
    String escaped = Text.escape("\n".repeat(Text.MAX_CHARS + 1));
    assertEquals("\\u000a".repeat(Text.MAX_CHARS) + "... (1 more characters)", escaped);
  }

  @Test
  void theCutNeverSplitsAPair() {
    String text = "x".repeat(Text.MAX_CHARS - 1) + "😀" + "tail";
    String escaped = Text.escape(text);
    assertEquals("x".repeat(Text.MAX_CHARS - 1) + "... (6 more characters)", escaped);
    assertTrue(!escaped.contains("\\ud83d"), escaped);
  }
}
