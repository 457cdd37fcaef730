/**
 * The build farm: a farm run's cells are JobRunr jobs kept in the store's PostgreSQL, and every
 * {@code krt worker} that points at it takes them. What crosses machines goes through the store:
 * the run's matrix text, claims, results, steps, metadata and compressed logs. Library layer: the
 * CLI ({@code krt worker}, {@code krt matrix run --farm}) and the server use it; it uses {@code
 * matrix} and {@code store}.
 */
package dev.krt.farm;
