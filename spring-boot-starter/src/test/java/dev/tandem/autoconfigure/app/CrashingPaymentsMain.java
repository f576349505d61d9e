package dev.tandem.autoconfigure.app;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.DualWriter;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run in a forked JVM by the crash test: the payments service in crash-safe mode writes payments
 * (some rolled back, some updated) and the JVM halts — no shutdown hook, no flush — right after the
 * primary commit of write number {@code crashAt}, before that write reaches the dual writer. Its
 * outbox relay waits an hour, so only the outbox can bring the lost writes back.
 *
 * <p>Arguments: primary JDBC URL, secondary JDBC URL, Kafka servers, retry topic, spool folder,
 * writes, crashAt.
 */
public final class CrashingPaymentsMain {

    static int crashAt;

    public static void main(String[] args) {
        crashAt = Integer.parseInt(args[6]);
        int writes = Integer.parseInt(args[5]);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(PaymentsApplication.class, CrashHook.class)
                .properties(CrashSafeSettings.properties(args[0], args[1], args[2], args[3], args[4], "create", "1h"))
                .run();
        PaymentRepository payments = app.getBean(PaymentRepository.class);
        TransactionTemplate transaction = app.getBean(TransactionTemplate.class);
        for (int i = 1; i <= writes; i++) {
            if (i % 10 == 0) {
                try {
                    transaction.executeWithoutResult(status -> {
                        payments.save(new Payment(new BigDecimal("666.00"), "EUR"));
                        status.setRollbackOnly();
                    });
                } catch (RuntimeException ignored) {
                    // rolled back on purpose
                }
                continue;
            }
            Payment saved = payments.save(new Payment(BigDecimal.valueOf(i), "EUR"));
            if (i % 3 == 0) {
                Payment again = payments.findById(saved.getId()).orElseThrow();
                again.settle();
                payments.save(again);
            }
        }
        throw new IllegalStateException("The crash hook did not fire within " + writes + " writes");
    }

    /**
     * Halts the JVM when the dual writer receives write number {@code crashAt}. Deliberately not a
     * {@code @Configuration}: component scanning would then put it into every test application of this
     * package; {@link #main} passes it to its application explicitly.
     */
    static class CrashHook {
        @Bean
        static BeanPostProcessor crashAfterCommit() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DualWriter writer)) {
                        return bean;
                    }
                    AtomicInteger count = new AtomicInteger();
                    return new DualWriter() {
                        @Override
                        public void write(Mutation mutation) {
                            write(mutation, () -> {});
                        }

                        @Override
                        public void write(Mutation mutation, Runnable onDurable) {
                            if (count.incrementAndGet() == crashAt) {
                                Runtime.getRuntime().halt(137);
                            }
                            writer.write(mutation, onDurable);
                        }

                        @Override
                        public boolean isCircuitOpen() {
                            return writer.isCircuitOpen();
                        }

                        @Override
                        public void close() {
                            writer.close();
                        }
                    };
                }
            };
        }
    }
}
