package io.overlap.winsock;

import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * {@code winsock-emulated}, for tests only: the winsock backend's proactor over
 * {@link EmulatedWinsock}, so that the conformance suite (fault matrix included, through
 * {@link FaultyWinsock}) runs the winsock state machine on Linux against real sockets. Its
 * priority is below every real backend's, so {@code auto} never picks it.
 */
public final class EmulatedWinsockBackend implements IoBackend {
    /** The name the suite selects it by ({@code -Dio.overlap.backend=winsock-emulated}). */
    public static final String NAME = "winsock-emulated";

    /** Made by {@link java.util.ServiceLoader}. */
    public EmulatedWinsockBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    /** Empty but on Windows (the real handle count there): elsewhere the suite counts descriptors. */
    @Override
    public OptionalLong processHandleCount() {
        return new WinsockBackend().processHandleCount();
    }

    @Override
    public Proactor open(ProactorConfig config) throws IOException {
        return WinsockProactor.open(NAME, config, new EmulatedWinsock(), Tuning.of(config));
    }
}
