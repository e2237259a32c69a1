package org.vumi.go.http.internal;

/**
 * This library's version, written into the source by the build (from {@code src/main/java-templates}):
 * a constant costs a first request nothing, where reading a resource took a {@code URLConnection}
 * and about 2 ms of a cold JVM.
 */
final class Version {
  private Version() {}

  /** The version of the artifact this class was built into. */
  static final String VALUE = "${project.version}";
}
