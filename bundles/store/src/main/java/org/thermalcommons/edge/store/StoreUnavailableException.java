package org.thermalcommons.edge.store;

/**
 * The store cannot work (data directory not writable, database unusable). Carries one sentence for the log and no
 * stack trace: the message says everything an installer needs, and a trace would only bury it.
 */
final class StoreUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
