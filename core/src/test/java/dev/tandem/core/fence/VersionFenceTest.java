package dev.tandem.core.fence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java rule against every case of the {@link FenceContract}. */
class VersionFenceTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tandem.core.fence.FenceContract#cases")
    void theJavaRuleKeepsTheFenceContract(FenceContract.Case contract) {
        FenceState stored = contract.stored()
                ? new FenceState(contract.storedVersion(), contract.storedDeleted())
                : FenceState.NEVER_APPLIED;

        assertThat(VersionFence.judge(stored, contract.mutation("t", 1))).isEqualTo(contract.expected());
    }
}
