/**
 * How the secondary's schema differs from the primary's: tables and columns renamed, dropped or
 * converted. Declared once (under {@code tandem.mapping}) and used by every part: the fenced store
 * maps each mutation where it meets the secondary, backfill and the reconciler pair tables and
 * columns through it and compare converted values.
 */
package dev.tandem.core.mapping;
