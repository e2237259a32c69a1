package org.vumi.go.http.apidump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of a module, as a text dump committed in {@code <module>/api/<module>.api}: every change to it is a
 * deliberate diff in review, as OkHttp keeps {@code okhttp/api/okhttp.api}. After a deliberate
 * change, regenerate it with {@code mvn -B -q test -Dtest=ApiDumpTest -Dapi.update=true}.
 */
public class ApiDumpTest {
  /** The module's directory is named after its artifact: go-http-api/api/go-http-api.api, and so on. */
  static final Path DUMP = Path.of("api", Path.of("").toAbsolutePath().getFileName() + ".api");

  @Test
  void thePublicApiIsTheCommittedOne() throws Exception {
    String actual = dump();
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(DUMP.getParent());
      Files.writeString(DUMP, actual, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(DUMP) ? Files.readString(DUMP, StandardCharsets.UTF_8) : "";
    assertEquals(committed, actual, "the public API changed: if that is deliberate, regenerate " + DUMP
        + " with mvn -B -q test -Dtest=ApiDumpTest -Dapi.update=true and commit it");
  }

  /**
   * The packages module-info exports: the public API, and nothing in internal. A module without a
   * descriptor (the Spring Boot starter, an automatic module) names them in the system property
   * {@code api.packages}, comma-separated.
   */
  public static List<String> exportedPackages() throws IOException {
    Path moduleInfo = Path.of("src/main/java/module-info.java");
    if (!Files.exists(moduleInfo)) {
      String packages = System.getProperty("api.packages");
      if (packages == null || packages.isBlank()) {
        throw new IllegalStateException("no src/main/java/module-info.java: name the API's packages in the"
            + " surefire system property api.packages");
      }
      return List.of(packages.split(","));
    }
    String descriptor = Files.readString(moduleInfo, StandardCharsets.UTF_8);
    Matcher exports = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;").matcher(descriptor);
    List<String> packages = new ArrayList<>();
    while (exports.find()) {
      packages.add(exports.group(1));
    }
    return packages;
  }

  static String dump() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String pkg : exportedPackages()) {
      Path dir = Path.of("target/classes", pkg.split("\\."));
      List<String> names;
      try (Stream<Path> files = Files.list(dir)) {
        names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
            .map(n -> n.substring(0, n.length() - ".class".length())).filter(n -> !n.equals("package-info"))
            .sorted().collect(Collectors.toList());
      }
      for (String name : names) {
        Class<?> type = Class.forName(pkg + "." + name, false, ApiDumpTest.class.getClassLoader());
        if (isVisible(type)) {
          describe(type, out);
        }
      }
    }
    return out.toString();
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers()) && !(Modifier.isProtected(c.getModifiers()))) {
        return false;
      }
    }
    return !type.isSynthetic() && !type.isAnonymousClass();
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void describe(Class<?> type, StringBuilder out) {
    out.append(type.toGenericString());
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
        && !type.isRecord()) {
      out.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      out.append(" implements ").append(Arrays.stream(type.getGenericInterfaces()).map(t -> t.getTypeName())
          .collect(Collectors.joining(", ")));
    }
    out.append(" {\n");
    List<String> members = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (isApi(field.getModifiers()) && !field.isSynthetic()) {
        members.add(field.toGenericString());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (isApi(constructor.getModifiers()) && !constructor.isSynthetic()) {
        members.add(constructor.toGenericString());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (isApi(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
        members.add(method.toGenericString());
      }
    }
    members.stream().sorted().forEach(member -> out.append("  ").append(member).append('\n'));
    out.append("}\n\n");
  }
}
