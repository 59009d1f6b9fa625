package io.overlap.winsock;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A fault injector for tests: each rule fails the next calls of one name, where its condition holds. */
final class Faults implements FaultInjector {
    private record Rule(String call, BooleanSupplier when, Throwable fault, AtomicInteger left) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger injected = new AtomicInteger();

    /** Fails the next {@code times} calls named {@code call} for which {@code when} holds. */
    Faults fail(String call, int times, BooleanSupplier when, Throwable fault) {
        rules.add(new Rule(call, when, fault, new AtomicInteger(times)));
        return this;
    }

    /** @return a condition: a method of {@code type} (by simple name) is on the calling thread's stack */
    static BooleanSupplier within(Class<?> type) {
        return () -> StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getClassName().equals(type.getName())));
    }

    /** @return a condition: the call is made by {@code t} */
    static BooleanSupplier on(Thread t) {
        return () -> Thread.currentThread() == t;
    }

    @Override
    public Throwable faultAt(FaultPoint point, String call) {
        calls.add(point + " " + call);
        for (Rule r : rules) {
            if (r.call.equals(call) && r.left.get() > 0 && r.when.getAsBoolean() && r.left.getAndDecrement() > 0) {
                injected.incrementAndGet();
                return r.fault;
            }
        }
        return null;
    }
}
