/** JMH microbenchmarks of the hot path. */
package dev.sluice.bench;
