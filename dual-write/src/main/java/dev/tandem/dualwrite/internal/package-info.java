/** Implementations behind the public API's factories; not for direct use. */
package dev.tandem.dualwrite.internal;
