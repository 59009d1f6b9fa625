/**
 * The system-call and ring layer: JNA direct-mapped libc calls, the mapped rings read and
 * written in Java, submission entries, socket addresses, the availability probe.
 */
package io.overlap.uring.sys;
