/**
 * The tools a user would pick instead of Tandem, run by the benchmarks against the same servers and
 * data in the same run: pgloader, and the databases' own clients streaming a table ({@code mariadb
 * --quick}, {@code psql COPY … TO STDOUT}) or piping one into the other ({@code COPY … FROM STDIN}).
 * Each is run only when its program is on the PATH (Debian packages {@code pgloader},
 * {@code mariadb-client}, {@code postgresql-client}); its wall time and CPU time are measured by
 * {@code /usr/bin/time}. Also what every benchmark measures its runs with: {@link
 * dev.tandem.bench.peers.Measured} (runs, best, mean, ratios, CPU per 1,000 rows) and {@link
 * dev.tandem.bench.peers.PeakHeap}.
 */
package dev.tandem.bench.peers;
