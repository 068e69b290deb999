package dev.operator.iam.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconciles running now, and the gate that stops new ones on shutdown: the drain waits until
 * every reconcile that was running has finished its AWS calls and written its status.
 */
@ApplicationScoped
public class ReconcileActivity {

    private final Object lock = new Object();

    /**
     * Reconciles finished per object uid since start. Status no longer records a resync that found
     * nothing new, so this is what tells that one happened (tests, diagnostics). Forgotten when the
     * object is gone.
     */
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();

    private int running;
    private boolean open = true;

    /**
     * Registers a reconcile about to start; false once shutdown began (the reconcile must not run).
     */
    public boolean enter() {
        synchronized (lock) {
            if (!open) {
                return false;
            }
            running++;
            return true;
        }
    }

    public void exit() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    /** No reconcile starts from now on; those running go on to their end. */
    public void close() {
        synchronized (lock) {
            open = false;
        }
    }

    public int running() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * Waits until no reconcile runs or the timeout passed.
     *
     * @return the number still running when it returned
     */
    public int awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return running;
        }
    }

    /** One more reconcile of the object with this uid finished (whatever its outcome). */
    public void finished(String uid) {
        if (uid != null) {
            finished.computeIfAbsent(uid, u -> new AtomicLong()).incrementAndGet();
        }
    }

    /** The object with this uid is gone: its count is dropped. */
    public void forget(String uid) {
        if (uid != null) {
            finished.remove(uid);
        }
    }

    /** How many reconciles of the object with this uid finished since start. */
    public long finishedReconciles(String uid) {
        AtomicLong n = finished.get(uid);
        return n == null ? 0 : n.get();
    }
}
