package dev.tandem.dualwrite.internal;

/**
 * Why a write was handed off without being tried (circuit open, bulkhead or queue full, closing).
 * These are expected, frequent, and only their message travels (in the record's headers), so they
 * carry no stack trace: capturing one on every hand-off would cost the caller more than the hand-off.
 */
final class HandOffCause extends RuntimeException {

    HandOffCause(String message) {
        super(message, null, false, false);
    }
}
