package io.overlap;

import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;

/** Providers that exist only so selection can be tested without a real backend. */
final class FakeBackends {
    private FakeBackends() {
    }

    /** Available, low priority. */
    public static final class Here implements IoBackend {
        @Override
        public String name() {
            return "fake-here";
        }

        @Override
        public Availability availability() {
            return Availability.available();
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Proactor open(ProactorConfig config) {
            throw new UnsupportedOperationException("selection tests never open a proactor");
        }
    }

    /** Unavailable, high priority: auto must pass it over. */
    public static final class Elsewhere implements IoBackend {
        @Override
        public String name() {
            return "fake-elsewhere";
        }

        @Override
        public Availability availability() {
            return Availability.unavailable("fake-elsewhere needs another planet");
        }

        @Override
        public int priority() {
            return 99;
        }

        @Override
        public Proactor open(ProactorConfig config) {
            throw new UnsupportedOperationException("selection tests never open a proactor");
        }
    }
}
