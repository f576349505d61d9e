package dev.tandem.dualwrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JPA entity whose writes are captured and dual-written, as an alternative to listing its
 * table in {@code tandem.dualwrite.tables}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DualWrite {

    /**
     * The column holding the row version when the entity has no {@code @Version} attribute (for
     * example {@code updated_at}); empty to use {@code @Version}.
     */
    String versionColumn() default "";
}
