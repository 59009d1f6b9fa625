package io.overlap;

import io.overlap.spi.OptionRules;
import java.net.SocketOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Socket options to apply to a socket before it binds (a listener, see
 * {@link Proactor#listen(java.net.InetSocketAddress, int, OptionSet)}) or before it connects
 * (see {@link Proactor#submitConnect(java.net.InetSocketAddress, java.net.InetSocketAddress,
 * OptionSet, Object, java.time.Duration)}). Immutable: {@link #with} returns a new set.
 *
 * <p>Each value is checked when it is added, by the same rules as
 * {@link Handle#setOption(SocketOption, Object)}: a bad value throws
 * {@link IllegalArgumentException} at once. Whether the backend supports an option is checked
 * when the set is used, since that depends on the backend. The options are applied in the
 * order they were first added; adding an option again replaces its value in place.
 */
public final class OptionSet {
    private static final OptionSet EMPTY = new OptionSet(Collections.emptyMap());

    private final Map<SocketOption<?>, Object> values;

    private OptionSet(Map<SocketOption<?>, Object> values) {
        this.values = values;
    }

    /** @return the set with no option */
    public static OptionSet empty() {
        return EMPTY;
    }

    /**
     * @param <T> the option's value type
     * @param option an option, e.g. {@link java.net.StandardSocketOptions#SO_RCVBUF}
     * @param value its value
     * @return a set holding just that option
     * @throws NullPointerException if {@code option} is null
     * @throws IllegalArgumentException if the value is not valid for the option
     */
    public static <T> OptionSet of(SocketOption<T> option, T value) {
        return EMPTY.with(option, value);
    }

    /**
     * @param <T> the option's value type
     * @param option an option
     * @param value its value
     * @return a new set holding this set's options and {@code option} set to {@code value}
     * @throws NullPointerException if {@code option} is null
     * @throws IllegalArgumentException if the value is not valid for the option (this set is
     *     unchanged either way)
     */
    public <T> OptionSet with(SocketOption<T> option, T value) {
        T checked = OptionRules.check(option, value);
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(option, checked);
        return new OptionSet(Collections.unmodifiableMap(copy));
    }

    /**
     * @param later options that take precedence over this set's
     * @return a new set holding this set's options, overridden and extended by {@code later}'s
     */
    public OptionSet withAll(OptionSet later) {
        if (later.values.isEmpty()) {
            return this;
        }
        if (values.isEmpty()) {
            return later;
        }
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>(values);
        copy.putAll(later.values);
        return new OptionSet(Collections.unmodifiableMap(copy));
    }

    /**
     * @param <T> the option's value type
     * @param option an option
     * @return its value in this set, or empty if it is not in the set
     */
    public <T> Optional<T> get(SocketOption<T> option) {
        return Optional.ofNullable(option.type().cast(values.get(option)));
    }

    /**
     * @param option an option
     * @return true if the set holds a value for it
     */
    public boolean contains(SocketOption<?> option) {
        return values.containsKey(option);
    }

    /** @return the options in the set, in the order they are applied (unmodifiable) */
    public Set<SocketOption<?>> options() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** @return true if the set holds no option */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Visits every option in the order they are applied.
     *
     * @param action called with each option and its (checked) value
     */
    public void forEach(BiConsumer<SocketOption<?>, Object> action) {
        values.forEach(action);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionSet && ((OptionSet) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "OptionSet" + values;
    }
}
