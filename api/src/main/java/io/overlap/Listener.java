package io.overlap;

/** A listening socket, made by {@link Proactor#listen}; accepts are submitted on it. */
public interface Listener extends Handle {
}
