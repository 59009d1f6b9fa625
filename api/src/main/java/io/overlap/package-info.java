/**
 * The neutral, completion-based socket API.
 *
 * <p>A {@link io.overlap.Proactor} takes <em>submissions</em> (accept, connect, receive, send)
 * together with the buffers they need and returns an operation id at once. Each accepted
 * submission later produces exactly one {@link io.overlap.Completion}, taken from the proactor's
 * {@link io.overlap.CompletionQueue} or handed to a {@link io.overlap.CompletionHandler}.
 * From submission to completion the buffers belong to the proactor.
 */
package io.overlap;
