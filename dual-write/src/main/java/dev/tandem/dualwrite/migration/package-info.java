/**
 * Migration phases inside the application: the phase follower reads the control topic, the write
 * gate and permits route each write to the store the phase names, shadow reads compare the
 * secondary's answer with the primary's, and the gates decide whether a cutover may go ahead.
 */
package dev.tandem.dualwrite.migration;
