package org.vumi.go.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import okhttp3.OkHttp;

/** The {@code User-Agent} every request carries: {@code go-http-api-java/<version> okhttp/<version>}. */
final class UserAgent {
  private UserAgent() {}

  /** This library's version, written into the jar by the build. */
  static final String VERSION = readVersion();

  static final String VALUE = "go-http-api-java/" + VERSION + " okhttp/" + OkHttp.VERSION;

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException unreadable) {
      // Fall through: a request still names the library, without its version.
    }
    String version = properties.getProperty("version", "");
    return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
  }
}
