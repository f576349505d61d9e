package dev.tandem.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The versioned scripts of one folder, gathered from every classpath root that has it (a directory
 * or a jar, Spring Boot's nested jars included), in version order.
 */
final class MigrationScripts {

    private MigrationScripts() {}

    /** The scripts in {@code folder} (e.g. {@code db/tandem/fence/mysql}); empty if no root has it. */
    static List<MigrationScript> in(ClassLoader loader, String folder) {
        try {
            TreeSet<String> names = new TreeSet<>();
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                names.addAll(fileNames(roots.nextElement(), folder));
            }
            Map<Integer, MigrationScript> byVersion = new TreeMap<>();
            for (String name : names) {
                if (!MigrationScript.isScript(name)) {
                    continue;
                }
                String path = folder + "/" + name;
                MigrationScript script = MigrationScript.of(name, path, read(loader, path));
                MigrationScript other = byVersion.putIfAbsent(script.version(), script);
                if (other != null) {
                    throw new SchemaMigrationException(
                            "Two scripts have version " + script.version() + ": " + other.path() + " and " + path);
                }
            }
            return List.copyOf(byVersion.values());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the migrations in classpath:" + folder, e);
        }
    }

    private static List<String> fileNames(URL root, String folder) throws IOException {
        if (root.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                return files.filter(Files::isRegularFile)
                        .map(file -> file.getFileName().toString())
                        .toList();
            } catch (URISyntaxException e) {
                throw new IOException("Unreadable classpath folder " + root, e);
            }
        }
        URLConnection connection = root.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                return entries(file, folder + "/");
            }
        }
        throw new IOException("Cannot list classpath folder " + root + ": neither a directory nor in a jar");
    }

    private static List<String> entries(JarFile jar, String prefix) {
        List<String> names = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (!entry.isDirectory() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                names.add(name.substring(prefix.length()));
            }
        }
        return names;
    }

    private static String read(ClassLoader loader, String path) throws IOException {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("classpath:" + path + " was listed but cannot be read");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
