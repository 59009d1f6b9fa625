package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_REFUSED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.Listener;
import io.overlap.conformance.Harness.Pair;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A delivered completion cannot be changed by its user: what a user's code can reach of its
 * runtime class (the public types it is or extends) has no public method beyond the
 * {@link Completion} interface's and {@link Object}'s except accessors (no parameters, a
 * result), those accessors change nothing, and it has no public field that is not final.
 */
public class CompletionReadOnlyScenarios extends ScenarioSupport {

    @Test
    void a_delivered_completion_offers_its_user_no_way_to_change_it() throws Exception {
        List<Completion> delivered = deliveredOfEveryKind();
        Set<String> found = new TreeSet<>();
        for (Completion c : delivered) {
            for (Class<?> t : publicTypesOf(c.getClass())) {
                for (Method m : t.getMethods()) {
                    if (!isCompletionOrObjectMethod(m) && !isAccessor(m)) {
                        found.add(m.getDeclaringClass().getName() + "." + m.getName()
                                + Arrays.toString(m.getParameterTypes()));
                    }
                }
                for (Field f : t.getFields()) {
                    if (!Modifier.isFinal(f.getModifiers())) {
                        found.add(f.getDeclaringClass().getName() + "." + f.getName() + " (a public field, not final)");
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), () -> "a user can change a delivered completion through: " + found);
    }

    @Test
    void the_accessors_of_a_delivered_completion_change_nothing() throws Exception {
        for (Completion c : deliveredOfEveryKind()) {
            String before = snapshot(c);
            for (Class<?> t : publicTypesOf(c.getClass())) {
                for (Method m : t.getMethods()) {
                    if (m.getDeclaringClass() != Object.class && isAccessor(m)) {
                        try {
                            m.invoke(Modifier.isStatic(m.getModifiers()) ? null : c);
                        } catch (InvocationTargetException e) {
                            // an accessor may refuse (e.g. a released lease); refusing changes nothing either
                        }
                        assertEquals(before, snapshot(c), () -> m + " changed a delivered completion");
                    }
                }
            }
        }
    }

    /** Completions of accept, connect, receive (own buffer and pooled), send, and of failures. */
    private List<Completion> deliveredOfEveryKind() {
        List<Completion> out = new ArrayList<>();
        Listener l = io.listener();
        long accept = io.accept(l);
        long connect = io.connect(l.localAddress());
        out.add(io.await(accept, OK));
        out.add(io.await(connect, OK));
        Pair p = new Pair(out.get(1).connection(), out.get(0).connection());
        long recv = io.recv(p.server(), ByteBuffer.allocate(8));
        out.add(io.await(io.send(p.client(), Bytes.utf8("12345678")), OK));
        out.add(io.await(recv, OK));
        long pooled = io.recvPooled(p.client());
        io.await(io.send(p.server(), Bytes.utf8("pooled")), OK);
        Completion leased = io.await(pooled, OK);
        leased.lease().release();
        out.add(leased);
        long cancelled = io.recv(p.client(), ByteBuffer.allocate(8));
        io.cancel(cancelled);
        out.add(io.await(cancelled, CANCELLED));
        out.add(io.await(io.connect(io.refusingAddress(io.loopback())), CONNECTION_REFUSED));
        io.close(p.server());
        out.add(io.await(io.send(p.server(), Bytes.utf8("x")), CLOSED));
        return out;
    }

    /** @return the runtime class and its supertypes that user code can name: the public ones */
    private static Set<Class<?>> publicTypesOf(Class<?> runtime) {
        Set<Class<?>> out = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(runtime));
        while (!todo.isEmpty()) {
            Class<?> t = todo.remove(todo.size() - 1);
            if (t == null || t == Object.class || !out.add(t)) {
                continue;
            }
            todo.add(t.getSuperclass());
            todo.addAll(Arrays.asList(t.getInterfaces()));
        }
        out.removeIf(t -> !Modifier.isPublic(t.getModifiers()) || t == Completion.class);
        return out;
    }

    private static boolean isCompletionOrObjectMethod(Method m) {
        return declares(Completion.class, m) || declares(Object.class, m);
    }

    private static boolean declares(Class<?> type, Method m) {
        try {
            type.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** An accessor takes nothing and gives something; whether it changes nothing is checked by calling it. */
    private static boolean isAccessor(Method m) {
        return m.getParameterCount() == 0 && m.getReturnType() != void.class;
    }

    private static String snapshot(Completion c) {
        StringBuilder b = new StringBuilder().append(c.id()).append(' ').append(c.kind()).append(' ')
                .append(c.status()).append(' ').append(c.bytesTransferred()).append(' ').append(c.nativeError())
                .append(' ').append(c.message()).append(' ').append(System.identityHashCode(c.handle())).append(' ')
                .append(System.identityHashCode(c.connection())).append(' ').append(c.attachment()).append(' ')
                .append(System.identityHashCode(c.lease())).append(' ')
                .append(System.identityHashCode(c.buffers()));
        for (ByteBuffer buf : c.buffers()) {
            b.append(' ').append(buf.position()).append('/').append(buf.limit());
        }
        return b.toString();
    }
}
