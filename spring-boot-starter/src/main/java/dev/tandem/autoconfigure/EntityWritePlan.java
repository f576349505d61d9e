package dev.tandem.autoconfigure;

import dev.tandem.core.Mutation;
import dev.tandem.core.RowVersions;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.BasicType;
import org.hibernate.type.EntityType;
import org.hibernate.type.Type;

/**
 * How one captured entity's writes become mutations: its table, id column, the column of each
 * attribute, and where the row version comes from. Built once per entity at start-up, so a mapping
 * Tandem cannot capture fails then, naming the entity.
 */
final class EntityWritePlan {

    /** One attribute stored in one column. */
    private record Attribute(int index, String column, Type type) {}

    private final String table;
    private final String idColumn;
    private final Type idType;
    private final List<Attribute> attributes;
    private final int versionIndex;

    private EntityWritePlan(String table, String idColumn, Type idType, List<Attribute> attributes, int versionIndex) {
        this.table = table;
        this.idColumn = idColumn;
        this.idType = idType;
        this.attributes = attributes;
        this.versionIndex = versionIndex;
    }

    /**
     * The plan for {@code persister}, taking the version from {@code @Version}, or else from
     * {@code versionColumn}.
     *
     * @throws IllegalStateException naming the entity if Tandem cannot capture it
     */
    static EntityWritePlan of(EntityPersister persister, String versionColumn) {
        return of(persister, versionColumn, false);
    }

    /**
     * As {@link #of(EntityPersister, String)}; with {@code sequenceVersionAllowed} (crash-safe mode) an
     * entity without any version is accepted and versioned by its outbox sequence.
     */
    static EntityWritePlan of(EntityPersister persister, String versionColumn, boolean sequenceVersionAllowed) {
        String entity = persister.getEntityName();
        if (!(persister instanceof AbstractEntityPersister mapped)) {
            throw new IllegalStateException(
                    "Entity " + entity + " has a persister Tandem cannot read: " + persister.getClass());
        }
        String[] idColumns = mapped.getIdentifierColumnNames();
        if (idColumns.length != 1) {
            throw new IllegalStateException("Entity " + entity + " has a composite id (" + String.join(", ", idColumns)
                    + "); JPA capture supports single-column ids, use the DualWriter API for this table");
        }
        String[] names = mapped.getPropertyNames();
        Type[] types = mapped.getPropertyTypes();
        List<Attribute> attributes = new java.util.ArrayList<>();
        int versionIndex = mapped.isVersioned() ? mapped.getVersionProperty() : -1;
        for (int i = 0; i < names.length; i++) {
            if (types[i].isCollectionType()) {
                continue;
            }
            String[] columns = mapped.getPropertyColumnNames(i);
            if (columns.length == 0) {
                continue;
            }
            if (columns.length > 1 || types[i].isComponentType()) {
                throw new IllegalStateException("Entity " + entity + " attribute '" + names[i] + "' spans columns "
                        + String.join(", ", columns) + "; JPA capture supports one column per attribute");
            }
            String column = unquote(columns[0]);
            attributes.add(new Attribute(i, column, types[i]));
            if (versionIndex < 0
                    && versionColumn != null
                    && !versionColumn.isBlank()
                    && column.equalsIgnoreCase(versionColumn)) {
                versionIndex = i;
            }
        }
        if (versionIndex < 0 && !sequenceVersionAllowed) {
            throw new IllegalStateException("Entity " + entity + " has no @Version attribute"
                    + (versionColumn == null || versionColumn.isBlank()
                            ? " and no version column is configured (tandem.dualwrite.tables[].version-column or @DualWrite(versionColumn))"
                            : " and no attribute maps the configured version column '" + versionColumn + "'"));
        }
        return new EntityWritePlan(
                unquote(tableOf(mapped)),
                unquote(idColumns[0]),
                mapped.getIdentifierType(),
                List.copyOf(attributes),
                versionIndex);
    }

    String table() {
        return table;
    }

    /** The id's column, as mapped. */
    String idColumn() {
        return idColumn;
    }

    /** The columns its writes carry besides the id, as mapped, the version's among them. */
    List<String> columns() {
        return attributes.stream().map(Attribute::column).toList();
    }

    /** The version's column, or null when the entity has none (crash-safe mode's outbox sequence). */
    String versionColumn() {
        return attributes.stream()
                .filter(a -> a.index() == versionIndex)
                .map(Attribute::column)
                .findFirst()
                .orElse(null);
    }

    /** Whether the entity has no version of its own, so crash-safe mode versions it by outbox sequence. */
    boolean versionFromSequence() {
        return versionIndex < 0;
    }

    /** The mutation for a write of the entity: its state after an insert or update, before a delete. */
    Mutation mutation(Object id, Object[] state, boolean delete, SharedSessionContractImplementor session) {
        return delete ? delete(id, state, session) : upsert(id, state, session);
    }

    Mutation upsert(Object id, Object[] state, SharedSessionContractImplementor session) {
        Mutation.Builder builder = Mutation.upsert(table)
                .key(idColumn, jdbcValue(idType, id, session))
                .version(version(state));
        for (Attribute attribute : attributes) {
            builder.column(attribute.column(), jdbcValue(attribute.type(), state[attribute.index()], session));
        }
        return builder.committedAt(Instant.now()).build();
    }

    Mutation delete(Object id, Object[] deletedState, SharedSessionContractImplementor session) {
        return Mutation.delete(table)
                .key(idColumn, jdbcValue(idType, id, session))
                .version(version(deletedState))
                .committedAt(Instant.now())
                .build();
    }

    private long version(Object[] state) {
        if (versionIndex < 0) {
            return 0; // replaced by the outbox sequence
        }
        Object value = state[versionIndex];
        try {
            return RowVersions.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Version of table " + table + " is a "
                    + (value == null ? "null" : value.getClass().getName()) + "; Tandem reads numbers and timestamps");
        }
    }

    /** The value as the column holds it: ids of referenced entities, converted and enum values, JDBC-friendly types. */
    private static Object jdbcValue(Type type, Object value, SharedSessionContractImplementor session) {
        if (value == null) {
            return null;
        }
        if (type instanceof EntityType entityType) {
            EntityPersister referenced = session.getEntityPersister(entityType.getAssociatedEntityName(), value);
            return jdbcValue(referenced.getIdentifierType(), referenced.getIdentifier(value, session), session);
        }
        Object relational = value;
        if (type instanceof BasicType<?> basic) {
            relational = basic.getJdbcMapping().convertToRelationalValue(value);
            if (relational instanceof Enum<?> constant) {
                // ORDINAL maps to an integer type; STRING to text or, on MySQL, a native ENUM column.
                return basic.getJdbcType().isInteger() ? (Object) (long) constant.ordinal() : constant.name();
            }
        }
        if (relational instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (relational instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (relational instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (relational instanceof Date date) {
            return date.toInstant();
        }
        if (relational instanceof ZonedDateTime zoned) {
            return zoned.toOffsetDateTime();
        }
        if (relational instanceof Character c) {
            return c.toString();
        }
        return relational;
    }

    /** The unqualified, unquoted table of {@code persister}, or null if it has none Tandem can read. */
    static String tableNameOf(EntityPersister persister) {
        return persister instanceof AbstractEntityPersister mapped ? unquote(tableOf(mapped)) : null;
    }

    private static String tableOf(AbstractEntityPersister mapped) {
        String qualified = mapped.getTableName();
        int dot = qualified.lastIndexOf('.');
        return dot >= 0 ? qualified.substring(dot + 1) : qualified;
    }

    private static String unquote(String name) {
        if (name.length() > 1 && (name.startsWith("\"") || name.startsWith("`") || name.startsWith("["))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }
}
