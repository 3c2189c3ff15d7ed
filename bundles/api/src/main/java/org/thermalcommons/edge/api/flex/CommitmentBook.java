package org.thermalcommons.edge.api.flex;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The commitments the site has won, provided by the market bundle. Providers read it to deliver their share (the
 * battery planner adds them to its committed trades, the comfort agent sheds), and to keep new offers within what is
 * left. Thread-safe and non-blocking; commitments stay in force while the market link is down.
 */
@ProviderType
public interface CommitmentBook {
    /** Commitments of {@code providerId} that end after {@code from}, by start. */
    List<Commitment> commitments(String providerId, Instant from);
}
