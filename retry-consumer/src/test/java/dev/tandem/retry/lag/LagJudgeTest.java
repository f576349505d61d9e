package dev.tandem.retry.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class LagJudgeTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final IntFunction<Optional<ConsumerActivity.Failure>> NO_LOCAL_FAILURE = p -> Optional.empty();

    private final LagJudge judge = new LagJudge(Duration.ofSeconds(60));

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /** An owned partition whose oldest unapplied record was committed on the primary 10 s before the sample. */
    private static PartitionSample sample(int partition, double seconds, long end, long committed) {
        return new PartitionSample(partition, at(seconds), end, committed, true, at(seconds - 10));
    }

    private LagReport judge(double seconds, PartitionSample... samples) {
        return judge.judge("tandem.retry", "group", at(seconds), List.of(samples), Optional.empty(), NO_LOCAL_FAILURE);
    }

    private PartitionLag only(double seconds, PartitionSample sample) {
        return judge(seconds, sample).partitions().get(0);
    }

    @Test
    void drainedPartitionIsOkWithZeroEtaAndZeroAge() {
        PartitionLag lag = only(0, new PartitionSample(0, at(0), 100, 100, true, null));

        assertThat(lag).isEqualTo(new PartitionLag(0, 0, 0.0, 0.0, 0.0, LagStatus.OK, "drained"));
    }

    @Test
    void firstSampleWithLagIsOkWithNoRateAndNoEta() {
        PartitionLag lag = only(0, sample(0, 0, 100, 40));

        assertThat(lag.status()).isEqualTo(LagStatus.OK);
        assertThat(lag.detail()).isEqualTo("draining");
        assertThat(lag.lagRecords()).isEqualTo(60);
        assertThat(lag.applyRate()).isZero();
        assertThat(lag.etaSeconds()).isNull();
    }

    @Test
    void noProgressIsNotJudgedBeforeTheWindowIsCovered() {
        judge(0, sample(0, 0, 100, 50));

        PartitionLag lag = only(59.999, sample(0, 59.999, 100, 50));

        assertThat(lag.status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void recordArrivingAtTheEndOfAnIdleWindowIsNotStalled() {
        judge(0, sample(0, 0, 100, 100));
        judge(30, sample(0, 30, 100, 100));

        PartitionLag lag = only(60, sample(0, 60, 101, 100));

        assertThat(lag.status()).isEqualTo(LagStatus.OK);
        assertThat(lag.lagRecords()).isEqualTo(1);
    }

    @Test
    void lagWithoutProgressOverAWholeWindowIsStalled() {
        judge(0, sample(0, 0, 100, 50));
        judge(30, sample(0, 30, 100, 50));

        PartitionLag lag = only(60, sample(0, 60, 100, 50));

        assertThat(lag.status()).isEqualTo(LagStatus.STALLED);
        assertThat(lag.detail()).isEqualTo("50 records waiting and none consumed in the last 1m");
        assertThat(lag.applyRate()).isZero();
        assertThat(lag.etaSeconds()).isNull();
    }

    @Test
    void lagGrowingOverTheWindowWhileProgressingIsWarning() {
        judge(0, sample(0, 0, 100, 50));

        PartitionLag lag = only(60, sample(0, 60, 300, 150));

        assertThat(lag.status()).isEqualTo(LagStatus.WARNING);
        assertThat(lag.detail()).isEqualTo("lag grew from 50 to 150 records in the last 1m");
        assertThat(lag.applyRate()).isCloseTo(100 / 60.0, within(1e-9));
        assertThat(lag.etaSeconds()).isNull();
    }

    @Test
    void lagShrinkingOverTheWindowIsOkWithRateAndEtaFromTheNetDrain() {
        judge(0, sample(0, 0, 100, 0));

        // 90 consumed in 60 s while 30 arrived: net drain 1/s, 40 left
        PartitionLag lag = only(60, sample(0, 60, 130, 90));

        assertThat(lag.status()).isEqualTo(LagStatus.OK);
        assertThat(lag.detail()).isEqualTo("draining");
        assertThat(lag.applyRate()).isCloseTo(1.5, within(1e-9));
        assertThat(lag.etaSeconds()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void steadyLagWhileProgressingIsOk() {
        judge(0, sample(0, 0, 100, 50));

        PartitionLag lag = only(60, sample(0, 60, 160, 110));

        assertThat(lag.status()).isEqualTo(LagStatus.OK);
        assertThat(lag.applyRate()).isCloseTo(1.0, within(1e-9));
        assertThat(lag.etaSeconds()).isNull();
    }

    @Test
    void windowSlidesToTheNewestSampleAtLeastAWindowOld() {
        judge(0, sample(0, 0, 100, 0));
        judge(30, sample(0, 30, 100, 10));
        // anchored at 0 s: consumed 10 records, so not stalled
        assertThat(only(60, sample(0, 60, 100, 10)).status()).isEqualTo(LagStatus.OK);

        // anchored at 30 s: nothing consumed since
        PartitionLag lag = only(90, sample(0, 90, 100, 10));

        assertThat(lag.status()).isEqualTo(LagStatus.STALLED);
        assertThat(lag.detail()).endsWith("in the last 1m");
    }

    @Test
    void sparseSamplesSpanMoreThanTheWindow() {
        judge(0, sample(0, 0, 100, 50));

        PartitionLag lag = only(90, sample(0, 90, 100, 50));

        assertThat(lag.status()).isEqualTo(LagStatus.STALLED);
        assertThat(lag.detail()).isEqualTo("50 records waiting and none consumed in the last 1m30s");
    }

    @Test
    void unownedPartitionIsStoppedEvenOnTheFirstSampleAndWithErrors() {
        PartitionSample unowned = new PartitionSample(3, at(0), 100, 100, false, null);

        LagReport report = judge.judge(
                "t",
                "g",
                at(0),
                List.of(unowned),
                Optional.of("connection refused"),
                p -> Optional.of(new ConsumerActivity.Failure(at(-5), "deadlock")));

        assertThat(report.status()).isEqualTo(LagStatus.STOPPED);
        assertThat(report.partitions().get(0).detail()).isEqualTo("no consumer of the group owns this partition");
    }

    @Test
    void unreachableSecondaryIsErrorAndOutranksStalled() {
        judge(0, sample(0, 0, 100, 50));

        LagReport report = judge.judge(
                "t", "g", at(60), List.of(sample(0, 60, 100, 50)), Optional.of("connection refused"), NO_LOCAL_FAILURE);

        assertThat(report.status()).isEqualTo(LagStatus.ERROR);
        assertThat(report.partitions().get(0).detail()).isEqualTo("secondary unreachable: connection refused");
    }

    @Test
    void failingLocalConsumerIsErrorOnItsPartitionOnlyEvenBeforeTheWindowIsCovered() {
        ConsumerActivity.Failure failure = new ConsumerActivity.Failure(at(-5), "lock wait timeout");

        LagReport report = judge.judge(
                "t",
                "g",
                at(0),
                List.of(sample(0, 0, 10, 5), sample(1, 0, 10, 5)),
                Optional.empty(),
                p -> p == 1 ? Optional.of(failure) : Optional.empty());

        assertThat(report.partitions()).extracting(PartitionLag::status).containsExactly(LagStatus.OK, LagStatus.ERROR);
        assertThat(report.partitions().get(1).detail())
                .isEqualTo("secondary refuses records since 2026-03-01T11:59:55Z, retrying with back-off: "
                        + "lock wait timeout");
        assertThat(report.status()).isEqualTo(LagStatus.ERROR);
    }

    @Test
    void lagSecondsIsTheAgeOfTheOldestUnappliedRecord() {
        PartitionSample waiting = new PartitionSample(0, at(100), 10, 5, true, at(87.5));
        PartitionSample unknownAge = new PartitionSample(1, at(100), 10, 5, true, null);
        PartitionSample clockSkew = new PartitionSample(2, at(100), 10, 5, true, at(103));
        PartitionSample drained = new PartitionSample(3, at(100), 10, 10, true, at(50));

        LagReport report = judge(100, waiting, unknownAge, clockSkew, drained);

        assertThat(report.partitions()).extracting(PartitionLag::lagSeconds).containsExactly(12.5, 0.0, 0.0, 0.0);
        assertThat(report.lagSeconds()).isEqualTo(12.5);
    }

    @Test
    void reportSumsTheLagTakesTheWorstStatusAndTheOldestAge() {
        judge(0, sample(0, 0, 100, 0), sample(1, 0, 50, 50), sample(2, 0, 200, 100));

        LagReport report = judge(
                60,
                // draining: 60 consumed, none arrived, net drain 1/s, 40 left
                new PartitionSample(0, at(60), 100, 60, true, at(30)),
                // drained: 5 arrived and were consumed
                new PartitionSample(1, at(60), 55, 55, true, null),
                // growing while progressing: 30 consumed, 90 arrived, net drain -1/s
                new PartitionSample(2, at(60), 290, 130, true, at(40)));

        assertThat(report.sampledAt()).isEqualTo(at(60));
        assertThat(report.topic()).isEqualTo("tandem.retry");
        assertThat(report.group()).isEqualTo("group");
        assertThat(report.error()).isNull();
        assertThat(report.partitions()).extracting(PartitionLag::partition).containsExactly(0, 1, 2);
        assertThat(report.partitions())
                .extracting(PartitionLag::status)
                .containsExactly(LagStatus.OK, LagStatus.OK, LagStatus.WARNING);
        assertThat(report.status()).isEqualTo(LagStatus.WARNING);
        assertThat(report.lagRecords()).isEqualTo(40 + 0 + 160);
        assertThat(report.lagSeconds()).isEqualTo(30.0);
        assertThat(report.applyRate()).isCloseTo((60 + 5 + 30) / 60.0, within(1e-9));
        // net drain of all partitions: 1 + 0 - 1 = 0, so not draining
        assertThat(report.etaSeconds()).isNull();
    }

    @Test
    void reportEtaUsesTheSummedNetDrainRate() {
        judge(0, sample(0, 0, 100, 0), sample(1, 0, 100, 0));

        // net drain 1/s and 0.5/s, 40 + 70 records left
        LagReport report = judge(60, sample(0, 60, 100, 60), sample(1, 60, 100, 30));

        assertThat(report.lagRecords()).isEqualTo(110);
        assertThat(report.etaSeconds()).isCloseTo(110 / 1.5, within(1e-9));
    }

    @Test
    void reportWithoutLagIsOkAndDrained() {
        LagReport report = judge(0, new PartitionSample(0, at(0), 7, 7, true, null));

        assertThat(report.status()).isEqualTo(LagStatus.OK);
        assertThat(report.lagRecords()).isZero();
        assertThat(report.etaSeconds()).isEqualTo(0.0);
    }

    @Test
    void historyOfAPartitionMissingFromASampleIsForgotten() {
        judge(0, sample(0, 0, 100, 50), sample(1, 0, 100, 50));
        judge(30, sample(0, 30, 100, 80));

        LagReport report = judge(60, sample(0, 60, 100, 90), sample(1, 60, 100, 50));

        // partition 1 starts afresh at 60 s: not stalled before a new window is covered
        assertThat(report.partitions().get(1).status()).isEqualTo(LagStatus.OK);
        assertThat(report.partitions().get(1).applyRate()).isZero();
    }
}
