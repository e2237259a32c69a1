package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core jar as Maven packaged it (the reactor packages the core before these tests run under
 * {@code mvn verify}): the emulator ships in go-http-api-testing, never to production.
 */
class CoreJarTest {
  private static Path coreJar() throws IOException {
    Path target = Path.of("../go-http-api/target");
    assumeTrue(Files.isDirectory(target), "the core is not built");
    List<Path> jars;
    try (Stream<Path> files = Files.list(target)) {
      jars = files.filter(p -> p.getFileName().toString().matches("go-http-api-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
          .collect(Collectors.toList());
    }
    assumeTrue(jars.size() == 1, "the core jar is packaged only under mvn verify or package: " + jars);
    return jars.get(0);
  }

  @Test
  void theCoreJarHoldsNoClassOfTheTestingKit() throws IOException {
    try (JarFile jar = new JarFile(coreJar().toFile())) {
      List<String> testing = jar.stream().map(e -> e.getName())
          .filter(name -> name.startsWith("org/vumi/go/http/testing/")).collect(Collectors.toList());
      assertEquals(List.of(), testing);
      assertTrue(jar.getEntry("org/vumi/go/http/HttpApiSender.class") != null, "not the core jar");
    }
  }

  @Test
  void theCoreModuleExportsNoTestingPackageAndItsMachineryOnlyToTheKit() throws IOException {
    ModuleReference core = ModuleFinder.of(coreJar()).findAll().iterator().next();
    ModuleDescriptor descriptor = core.descriptor();
    assertEquals("org.vumi.go.http", descriptor.name());
    for (ModuleDescriptor.Exports exports : descriptor.exports()) {
      assertFalse(exports.source().contains("testing"), "exports " + exports);
      if (exports.source().endsWith(".internal")) {
        assertEquals(Set.of("org.vumi.go.http.testing"), exports.targets(), "internal is exported only to the kit");
      } else {
        assertFalse(exports.isQualified(), exports.toString());
      }
    }
  }
}
