/**
 * Work shared by processes on many hosts through a Kafka consumer group: a coordinator publishes
 * tasks to a topic ({@link dev.tandem.core.work.TaskTopic}); any number of workers join one group
 * and run the tasks of the partitions assigned to them ({@link dev.tandem.core.work.TaskWorker}),
 * committing a task's offset only after its handler has made the result durable. Kafka gives the
 * membership, the assignment, the rebalancing when a worker joins or dies, and the failover: a task
 * whose worker died before committing is run again by another, so a handler must be idempotent.
 */
package dev.tandem.core.work;
