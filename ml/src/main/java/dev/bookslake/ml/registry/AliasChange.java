package dev.bookslake.ml.registry;

/**
 * One move of an alias, as kept in a model's promotion history.
 *
 * @param at ISO-8601 instant of the change
 * @param alias {@code production} or {@code staging}
 * @param fromVersion the version the alias pointed at before, or null when it was unset
 * @param toVersion the version it points at now
 * @param actor who asked for it (a user name, {@code train --promote-if-better}, ...)
 * @param reason why, in words
 * @param rollback whether this move undid the previous production promotion
 */
public record AliasChange(
    String at,
    String alias,
    Integer fromVersion,
    int toVersion,
    String actor,
    String reason,
    boolean rollback) {}
