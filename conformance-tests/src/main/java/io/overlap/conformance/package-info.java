/**
 * The Overlap conformance suite: one JUnit Jupiter test per scenario, named for the guarantee it
 * proves, grouped by area in the {@code *Scenarios} classes. Every scenario opens its proactors
 * with {@link io.overlap.Proactor#open(io.overlap.ProactorConfig)} and no backend in the
 * configuration, so the system property {@code io.overlap.backend} alone decides what is tested;
 * after each scenario {@link io.overlap.conformance.Ledger} checks that every submitted operation
 * completed exactly once.
 *
 * <p>To check a backend: put it and this artifact on the class path and run
 * {@code java -Dio.overlap.backend=<name> io.overlap.conformance.ConformanceRunner}, or select the
 * package {@code io.overlap.conformance} (classes {@code .*Scenarios}) from any JUnit Platform
 * launcher. Scenarios tagged {@code stress} are the long ones.
 */
package io.overlap.conformance;
