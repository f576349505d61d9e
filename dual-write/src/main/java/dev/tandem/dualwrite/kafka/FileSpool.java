package dev.tandem.dualwrite.kafka;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded, append-only queue of retry records on local disk, for when neither the
 * secondary nor Kafka can take a write. Each record is framed as {@code length, CRC-32, bytes} and
 * forced to disk before {@link #append} returns. Records live in segment files; {@link #drain} closes
 * the segment being written, replays closed segments oldest first and deletes each once all its
 * records were published. A record torn by a crash fails its CRC and is reported, not replayed.
 */
final class FileSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileSpool.class);
    private static final String PREFIX = "spool-";
    private static final String SUFFIX = ".log";
    private static final int FRAME_HEADER = 8;

    private final Path directory;
    private final long maxBytes;
    private final Object lock = new Object();
    private long bytes;
    private long records;
    private long nextSegment;
    private FileChannel active;
    private Path activePath;
    private boolean fullReported;

    FileSpool(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
            for (Path segment : segments()) {
                bytes += Files.size(segment);
                records += countRecords(segment) - readProgress(progressOf(segment));
                nextSegment = Math.max(nextSegment, sequenceOf(segment) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the spool in " + directory, e);
        }
        if (records > 0) {
            log.warn(
                    "Spool {} holds {} records ({} bytes) from an earlier run; they will be replayed to Kafka",
                    directory,
                    records,
                    bytes);
        }
    }

    /** Appends and forces {@code record} to disk; false, with an error logged once, if the spool is full. */
    boolean append(SpooledRecord record) {
        byte[] payload = record.toBytes();
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + payload.length);
        CRC32 crc = new CRC32();
        crc.update(payload);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        synchronized (lock) {
            if (bytes + frame.remaining() > maxBytes) {
                if (!fullReported) {
                    fullReported = true;
                    log.error(
                            "Spool {} is full ({} of {} bytes, {} records): writes that reach neither the secondary"
                                    + " nor Kafka are now refused and will show up as differences in the reconciler",
                            directory,
                            bytes,
                            maxBytes,
                            records);
                }
                return false;
            }
            try {
                if (active == null) {
                    activePath = directory.resolve(PREFIX + String.format("%019d", nextSegment++) + SUFFIX);
                    active = FileChannel.open(
                            activePath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                }
                int length = frame.remaining();
                while (frame.hasRemaining()) {
                    active.write(frame);
                }
                active.force(false);
                bytes += length;
                records++;
                return true;
            } catch (IOException e) {
                log.error("Could not append to spool segment {}", activePath, e);
                return false;
            }
        }
    }

    long records() {
        synchronized (lock) {
            return records;
        }
    }

    long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    boolean isEmpty() {
        return records() == 0;
    }

    /**
     * Offers the spooled records to {@code publish}, oldest first, until it returns false; returns how
     * many it took. Fully published segments are deleted.
     */
    long drain(Predicate<SpooledRecord> publish) {
        List<Path> closed;
        synchronized (lock) {
            closeActive();
            try {
                closed = segments();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not list the spool in " + directory, e);
            }
        }
        long published = 0;
        for (Path segment : closed) {
            Path progress = progressOf(segment);
            long done = readProgress(progress);
            long segmentSize = sizeOf(segment);
            List<Frame> frames = readFrames(segment);
            long framedBytes = frames.stream().mapToLong(Frame::size).sum();
            for (int i = (int) done; i < frames.size(); i++) {
                if (!publish.test(frames.get(i).record())) {
                    return published;
                }
                published++;
                writeProgress(progress, i + 1L);
                synchronized (lock) {
                    records--;
                    bytes -= frames.get(i).size();
                }
            }
            try {
                Files.deleteIfExists(segment);
                Files.deleteIfExists(progress);
            } catch (IOException e) {
                log.warn("Could not delete replayed spool segment {}", segment, e);
            }
            synchronized (lock) {
                bytes -= segmentSize - framedBytes;
                fullReported = false;
            }
        }
        return published;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeActive();
        }
    }

    private void closeActive() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                log.warn("Could not close spool segment {}", activePath, e);
            }
            active = null;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    private record Frame(SpooledRecord record, int size) {}

    private static List<Frame> readFrames(Path segment) {
        List<Frame> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(segment))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                int checksum = in.readInt();
                byte[] payload = in.readNBytes(length);
                CRC32 crc = new CRC32();
                crc.update(payload);
                if (payload.length != length || (int) crc.getValue() != checksum) {
                    log.error(
                            "Spool segment {} ends with a torn record after {} good ones (a crash during append);"
                                    + " that write is not replayed",
                            segment,
                            frames.size());
                    break;
                }
                frames.add(new Frame(
                        SpooledRecord.fromBytes(new DataInputStream(new ByteArrayInputStream(payload))),
                        FRAME_HEADER + length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read spool segment " + segment, e);
        }
        return frames;
    }

    private static Path progressOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + ".done");
    }

    private static long sizeOf(Path segment) {
        try {
            return Files.size(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the size of " + segment, e);
        }
    }

    private static long countRecords(Path segment) {
        return readFrames(segment).size();
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private static long readProgress(Path progress) {
        try {
            return Files.exists(progress)
                    ? Long.parseLong(Files.readString(progress).trim())
                    : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void writeProgress(Path progress, long done) {
        try {
            Files.writeString(progress, Long.toString(done));
        } catch (IOException e) {
            log.warn(
                    "Could not record replay progress in {}; a restart may publish some records twice (harmless)",
                    progress);
        }
    }
}
