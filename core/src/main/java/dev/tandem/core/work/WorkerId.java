package dev.tandem.core.work;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/** The name a worker process goes by in a group's description, its results and the logs. */
public final class WorkerId {

    private WorkerId() {}

    /**
     * {@code configured}, or this process's host name and process id when it is blank.
     *
     * @throws IllegalArgumentException if it is not 1 to 150 letters, digits or {@code ._:/@-}
     */
    public static String orLocal(String configured) {
        String id = configured == null || configured.isBlank() ? local() : configured;
        if (!id.matches("[A-Za-z0-9._:/@-]{1,150}")) {
            throw new IllegalArgumentException(
                    "A worker id is 1 to 150 letters, digits or ._:/@- but was '" + id + "'");
        }
        return id;
    }

    /** This process as a worker: host name and process id. */
    public static String local() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
