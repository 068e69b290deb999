package dev.operator.iam.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every request in arrival order; an entry is logged on arrival and completed once its outcome is
 * known.
 */
final class CallLog {

    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();

    CallLog(Clock clock) {
        this.clock = clock;
    }

    synchronized Entry arrive(String action, Map<String, String> params) {
        Entry entry = new Entry(action, params, clock.instant());
        entries.add(entry);
        return entry;
    }

    synchronized List<RecordedCall> snapshot() {
        return entries.stream().map(Entry::toRecord).toList();
    }

    synchronized long count(String action) {
        return entries.stream().filter(entry -> entry.action.equals(action)).count();
    }

    synchronized void clear() {
        entries.clear();
    }

    /**
     * A logged call; its outcome fields are written by the connection thread and read by snapshots.
     */
    static final class Entry {

        private final String action;
        private final Map<String, String> params;
        private final Instant at;
        private int httpStatus;
        private String errorCode;
        private String fault;

        private Entry(String action, Map<String, String> params, Instant at) {
            this.action = action;
            this.params = params;
            this.at = at;
        }

        synchronized void complete(int httpStatus, String errorCode, String fault) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
            this.fault = fault;
        }

        private synchronized RecordedCall toRecord() {
            return new RecordedCall(action, params, at, httpStatus, errorCode, fault);
        }
    }
}
