package dev.tandem.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationScriptsTest {

    private static final String FOLDER = "db/tandem/demo/mysql";

    @TempDir
    Path temp;

    @Test
    void scriptsOfAJarAndOfADirectoryAreFoundTogetherInVersionOrder() throws IOException {
        Path jar = jar("V1__create.sql", "V10__tenth.sql", "notes.txt");
        Path directory = temp.resolve("classes");
        Files.createDirectories(directory.resolve(FOLDER));
        Files.writeString(directory.resolve(FOLDER).resolve("V2__second.sql"), "SELECT 2;\n");

        try (URLClassLoader loader = loader(jar, directory)) {
            assertThat(MigrationScripts.in(loader, FOLDER))
                    .extracting(MigrationScript::version)
                    .containsExactly(1, 2, 10);
        }
    }

    @Test
    void aFolderNoRootHasHasNoScripts() throws IOException {
        try (URLClassLoader loader = loader(jar("V1__create.sql"))) {
            assertThat(MigrationScripts.in(loader, "db/tandem/other/mysql")).isEmpty();
        }
    }

    @Test
    void twoScriptsOfOneVersionAreAnErrorNamingBoth() throws IOException {
        try (URLClassLoader loader = loader(jar("V1__create.sql", "V1__other.sql"))) {
            assertThatThrownBy(() -> MigrationScripts.in(loader, FOLDER))
                    .isInstanceOf(SchemaMigrationException.class)
                    .hasMessage("Two scripts have version 1: " + FOLDER + "/V1__create.sql and " + FOLDER
                            + "/V1__other.sql");
        }
    }

    private Path jar(String... names) throws IOException {
        Path jar = Files.createTempFile(temp, "migrations", ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream entries = new JarOutputStream(out)) {
            String path = "";
            for (String part : FOLDER.split("/")) {
                path += part + "/";
                entries.putNextEntry(new JarEntry(path));
                entries.closeEntry();
            }
            for (String name : names) {
                entries.putNextEntry(new JarEntry(FOLDER + "/" + name));
                entries.write(("SELECT '" + name + "';\n").getBytes(StandardCharsets.UTF_8));
                entries.closeEntry();
            }
        }
        return jar;
    }

    private static URLClassLoader loader(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }
}
