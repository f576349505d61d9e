package dev.tandem.retry.apply;

import dev.tandem.core.Mutation;

/**
 * A retry record decoded ahead of its apply (see {@link BatchApplier#decode}): either its mutation, or
 * why it cannot have one.
 *
 * @param record the record as consumed
 * @param mutation its mutation; null if undecodable
 * @param undecodable the dead letter of an undecodable record; null if it has a mutation
 */
public record DecodedRecord(RetryRecord record, Mutation mutation, DeadLetter undecodable) {}
