package dev.backtest.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code payara-web.xml} excludes every library jar from CDI bean discovery (it saves seconds of each start). That is
 * only right while no jar in {@code WEB-INF/lib} declares CDI beans or extensions: this reads the packaged WAR and
 * fails, naming the jar, when a dependency brings a {@code beans.xml} or a CDI extension. And the uber-jar carries
 * DuckDB beside Payara's libraries, not in its WAR, whose class loader would keep DuckDB's native library (61 MB)
 * in the heap once read.
 */
class WarLibrariesIT {

    private static final List<String> CDI_ENTRIES = List.of("META-INF/beans.xml",
            "META-INF/services/jakarta.enterprise.inject.spi.Extension",
            "META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension");

    @Test
    void noLibraryJarDeclaresCdiBeansOrExtensionsAsTheScanningExcludeAssumes() throws IOException {
        Path war = Path.of("target", "backtest-server.war");
        assertThat(war).as("the WAR is packaged before the integration tests").isRegularFile();
        assertThat(Files.readString(Path.of("src", "main", "webapp", "WEB-INF", "payara-web.xml")))
                .contains("<scanning-exclude>.*</scanning-exclude>");
        List<String> jars = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("WEB-INF/lib/") || !name.endsWith(".jar")) {
                    continue;
                }
                jars.add(name);
                try (InputStream in = zip.getInputStream(entry); ZipInputStream jar = new ZipInputStream(in)) {
                    for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                        if (CDI_ENTRIES.contains(inner.getName())) {
                            offending.add(name + "!/" + inner.getName());
                        }
                    }
                }
            }
        }
        assertThat(jars).as("library jars in the WAR").hasSizeGreaterThan(20).anyMatch(j -> j.contains("backtest-sdk"));
        assertThat(offending).as("library jars that need CDI discovery (add a scanning-include to payara-web.xml)").isEmpty();
    }

    @Test
    void theUberJarCarriesDuckDbBesidePayarasLibrariesAndTheWarOnItsOwnCarriesItInside() throws IOException {
        Path uber = Path.of("target", "backtest-server.jar");
        assertThat(uber).as("the uber-jar is packaged before the integration tests").isRegularFile();
        List<String> runtimeLibs = new ArrayList<>();
        List<String> embeddedWarLibs = new ArrayList<>();
        try (ZipFile zip = new ZipFile(uber.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("MICRO-INF/lib/") && n.endsWith(".jar"))
                    .forEach(runtimeLibs::add);
            ZipEntry war = zip.getEntry("MICRO-INF/deploy/ROOT.war");
            assertThat(war).as("the embedded WAR").isNotNull();
            try (ZipInputStream in = new ZipInputStream(zip.getInputStream(war))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.getName().startsWith("WEB-INF/lib/")) {
                        embeddedWarLibs.add(e.getName());
                    }
                }
            }
        }
        assertThat(runtimeLibs).as("jars beside Payara's libraries").singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("duckdb_jdbc-");
        assertThat(embeddedWarLibs).as("the embedded WAR's libraries").hasSizeGreaterThan(20).noneMatch(j -> j.contains("duckdb"));
        try (ZipFile war = new ZipFile(Path.of("target", "backtest-server.war").toFile())) {
            assertThat(war.stream().map(ZipEntry::getName)).as("the WAR shipped on its own").anyMatch(n -> n.startsWith("WEB-INF/lib/duckdb_jdbc-"));
        }
    }
}
