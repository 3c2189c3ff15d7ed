package org.thermalcommons.edge.oem.heatpump.http;

import java.util.Objects;
import java.util.Optional;

/** What one HTTP exchange with the vendor API gave: an answer (bounded), or none. */
sealed interface Reply {
    /**
     * @param status     HTTP status
     * @param retryAfter the {@code Retry-After} header, if sent
     * @param body       the body, at most the size limit
     * @param truncated  the body was longer than the limit and was cut (not read further)
     */
    record Answered(int status, Optional<String> retryAfter, byte[] body, boolean truncated) implements Reply {
        public Answered {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Why no answer came. */
    enum Failure { TIMEOUT, UNREACHABLE, STOPPED }

    /**
     * @param failure what kind of failure
     * @param message what happened, for the log (never contains the token)
     */
    record NoAnswer(Failure failure, String message) implements Reply {
        public NoAnswer {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
        }
    }
}
