package io.poolguard.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import jakarta.inject.Singleton;

/** The most recent samples, bounded by {@code poolguard.monitor.history-size}; the oldest is dropped first. */
@Singleton
public class SampleHistory {

    private final int capacity;
    private final Deque<MonitorSample> samples;

    SampleHistory(MonitorConfig config) {
        this.capacity = Math.max(1, config.historySize());
        this.samples = new ArrayDeque<>(capacity);
    }

    synchronized void add(MonitorSample sample) {
        if (samples.size() == capacity) {
            samples.removeLast();
        }
        samples.addFirst(sample);
    }

    /** Newest first. */
    public synchronized List<MonitorSample> newestFirst() {
        return new ArrayList<>(samples);
    }

    public int capacity() {
        return capacity;
    }
}
