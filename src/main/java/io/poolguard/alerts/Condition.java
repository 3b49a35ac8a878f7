package io.poolguard.alerts;

/**
 * What one rule made of one sample. {@code UNKNOWN} keeps an alert as it is: the sample could not tell (no server
 * view this time), which is neither a reason to fire nor to resolve.
 */
record Condition(Status status, String value, String message) {

    enum Status { FIRING, CLEAR, UNKNOWN }

    static Condition firing(String value, String message) {
        return new Condition(Status.FIRING, value, message);
    }

    static Condition clear(String value, String message) {
        return new Condition(Status.CLEAR, value, message);
    }

    static Condition unknown() {
        return new Condition(Status.UNKNOWN, null, null);
    }
}
