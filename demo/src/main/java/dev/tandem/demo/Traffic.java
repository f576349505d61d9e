package dev.tandem.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customers of the payments service: a few threads calling its HTTP API at a steady rate, each call
 * one primary transaction. Authorize, capture, refund and void are mixed as in a shop; a payment is
 * worked on by one thread at a time. Every call that does not answer 2xx is counted as an error.
 */
final class Traffic {

    /** What a call did. */
    enum Kind {
        AUTHORIZE,
        CAPTURE,
        REFUND,
        VOID
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final String[] MERCHANTS = {"coffee-corner", "book-shop", "taxi", "florist", "grocer", "cinema"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final int threads;
    private final double writesPerSecond;
    private final Queue<Long> authorized = new ConcurrentLinkedQueue<>();
    private final Queue<Long> captured = new ConcurrentLinkedQueue<>();
    private final Map<Kind, AtomicLong> writes = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<String> phase = new AtomicReference<>("healthy");
    private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private long startedAt;
    private long stoppedAt;

    Traffic(int port, int threads, double writesPerSecond) {
        this.baseUrl = "http://127.0.0.1:" + port + "/payments";
        this.threads = threads;
        this.writesPerSecond = writesPerSecond;
        for (Kind kind : Kind.values()) {
            writes.put(kind, new AtomicLong());
        }
    }

    void start() {
        startedAt = System.nanoTime();
        running = true;
        for (int i = 1; i <= threads; i++) {
            Thread worker = new Thread(this::work, "demo-customer-" + i);
            worker.start();
            workers.add(worker);
        }
    }

    /** Stops calling and waits for the calls in flight. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join();
        }
        stoppedAt = System.nanoTime();
    }

    /** How long the customers called, from start to stop. */
    Duration duration() {
        return Duration.ofNanos(stoppedAt - startedAt);
    }

    /** Names the period the following calls' latencies are counted in. */
    void phase(String name) {
        phase.set(name);
    }

    long writes() {
        return writes.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long writes(Kind kind) {
        return writes.get(kind).get();
    }

    long errors() {
        return errors.get();
    }

    String firstError() {
        return firstError.get();
    }

    /** Latencies of the calls made during {@code phase}. */
    Latencies latencies(String phase) {
        return latencies.getOrDefault(phase, new Latencies());
    }

    private void work() {
        long intervalNanos = (long) (threads * 1e9 / writesPerSecond);
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next += intervalNanos;
            callOnce();
        }
    }

    private void callOnce() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        Long id;
        if (dice < 28 && (id = authorized.poll()) != null) {
            if (call(Kind.CAPTURE, "PATCH", baseUrl + "/" + id, "{\"status\":\"CAPTURED\"}") != null) {
                captured.add(id);
            }
        } else if (dice < 40 && (id = captured.poll()) != null) {
            call(Kind.REFUND, "PATCH", baseUrl + "/" + id, "{\"status\":\"REFUNDED\"}");
        } else if (dice < 50 && (id = authorized.poll()) != null) {
            call(Kind.VOID, "DELETE", baseUrl + "/" + id, null);
        } else {
            String body = "{\"merchant\":\"" + MERCHANTS[random.nextInt(MERCHANTS.length)] + "\",\"amount\":"
                    + (random.nextInt(1, 50_000) / 100.0) + ",\"currency\":\""
                    + CURRENCIES[random.nextInt(CURRENCIES.length)] + "\"}";
            String created = call(Kind.AUTHORIZE, "POST", baseUrl, body);
            if (created != null) {
                Matcher matcher = ID.matcher(created);
                if (matcher.find()) {
                    authorized.add(Long.parseLong(matcher.group(1)));
                }
            }
        }
    }

    /** The response body of a successful call, or null after counting the error. */
    private String call(Kind kind, String method, String url, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        long started = System.nanoTime();
        String failure;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                latencies.computeIfAbsent(phase.get(), p -> new Latencies()).add(System.nanoTime() - started);
                writes.get(kind).incrementAndGet();
                return response.body();
            }
            failure = method + " " + url + " answered " + response.statusCode() + ": " + response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = method + " " + url + " interrupted";
        } catch (Exception e) {
            failure = method + " " + url + " failed: " + e;
        }
        errors.incrementAndGet();
        firstError.compareAndSet(null, failure);
        return null;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Call latencies of one period. */
    static final class Latencies {
        private final List<Long> nanos = new ArrayList<>();

        synchronized void add(long value) {
            nanos.add(value);
        }

        synchronized int count() {
            return nanos.size();
        }

        /** The {@code quantile} (0..1) in milliseconds; 0 without calls. */
        synchronized double millis(double quantile) {
            if (nanos.isEmpty()) {
                return 0;
            }
            List<Long> sorted = nanos.stream().sorted().toList();
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }
}
