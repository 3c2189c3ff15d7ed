package org.thermalcommons.edge.bench;

/**
 * One benchmark suite. Implementations live in {@code org.thermalcommons.edge.bench.<name>} and are named
 * {@code <Name>Suite} (e.g. {@code bench.store.StoreSuite}); {@link Main} finds them by that convention.
 */
public interface Suite {
    /** Suite name as given on the command line and printed before each figure. */
    String name();

    /** Runs the suite and reports every figure. */
    void run(Figures figures) throws Exception;
}
