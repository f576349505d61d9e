package dev.tandem.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root. When this JVM is root, its server processes run as the
 * unprivileged {@value #USER} user instead, through util-linux's {@code setpriv}, and own their
 * folders.
 */
final class Privileges {

    static final String USER = "nobody";
    static final String GROUP = "nogroup";

    private Privileges() {}

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code command}, run as {@value #USER} when this JVM is root, else as it is. */
    static List<String> unprivileged(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + GROUP, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code dir} and everything below it to {@value #USER} when this JVM is root. */
    static void handOver(Path dir) {
        if (!runningAsRoot()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(USER);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(GROUP);
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(
                        path, PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not hand " + dir + " to user " + USER, e);
        }
    }

    /**
     * Whether an unprivileged user can reach {@code dir}: every folder above it must let others
     * pass. A checkout under {@code /root} is not reachable, for example.
     */
    static boolean reachableByOthers(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
