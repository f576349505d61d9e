package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.PhaseState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every write passes, holding the phase state writes are routed by. A cutover closes it:
 * new writes wait (they do not fail), writes already through finish, and the state changes while
 * nothing is in flight. A hold never outlasts its bound: past it the gate reopens by itself on the
 * state it closed on.
 */
final class WriteGate {

    private static final Logger log = LoggerFactory.getLogger(WriteGate.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Duration maxHold;
    private PhaseState state;
    private long heldEpoch = -1;
    private long heldSince;
    private int inFlight;
    private long lastHoldNanos = -1;
    private boolean expired;

    WriteGate(PhaseState state, Duration maxHold) {
        this.state = state;
        this.maxHold = maxHold;
    }

    /** Waits while the gate is held, then lets one write through and returns the state it is routed by. */
    PhaseState enter() {
        lock.lock();
        try {
            while (heldEpoch >= 0) {
                long left = heldSince + maxHold.toNanos() - System.nanoTime();
                if (left <= 0) {
                    expire();
                    break;
                }
                changed.awaitNanos(left);
            }
            inFlight++;
            return state;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writes are held for a cutover", e);
        } finally {
            lock.unlock();
        }
    }

    /** A write let through by {@link #enter()} finished. */
    void exit() {
        lock.lock();
        try {
            inFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the gate for the cutover at {@code epoch}; true if it was open. */
    boolean hold(long epoch) {
        lock.lock();
        try {
            if (heldEpoch == epoch) {
                return false;
            }
            if (heldEpoch < 0) {
                heldSince = System.nanoTime();
            }
            heldEpoch = epoch;
            expired = false;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no write is in flight; false if {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Opens the gate (if held) and routes writes by {@code next} from now on. */
    void open(PhaseState next) {
        lock.lock();
        try {
            state = next;
            if (heldEpoch >= 0) {
                lastHoldNanos = System.nanoTime() - heldSince;
                heldEpoch = -1;
                log.info("Writes released after {} ms, routed by {}", lastHoldNanos / 1_000_000, next.describe());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reopens an expired hold; true if it was held past its bound (and is now open). */
    boolean expireIfDue() {
        lock.lock();
        try {
            if (heldEpoch >= 0 && System.nanoTime() - heldSince >= maxHold.toNanos()) {
                expire();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void expire() {
        lastHoldNanos = System.nanoTime() - heldSince;
        log.warn(
                "Writes held for the cutover at epoch {} longer than {}; releasing them, routed by {} as before",
                heldEpoch,
                maxHold,
                state.describe());
        heldEpoch = -1;
        expired = true;
        changed.signalAll();
    }

    /** Whether the last hold ended because it ran past its bound. */
    boolean expired() {
        lock.lock();
        try {
            return expired;
        } finally {
            lock.unlock();
        }
    }

    boolean isHeld() {
        lock.lock();
        try {
            return heldEpoch >= 0;
        } finally {
            lock.unlock();
        }
    }

    PhaseState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** How long the last hold lasted, in milliseconds; -1 if there was none. */
    long lastHoldMillis() {
        lock.lock();
        try {
            return lastHoldNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(lastHoldNanos);
        } finally {
            lock.unlock();
        }
    }
}
