package io.overlap.winsock;

import java.io.IOException;

/** A Winsock call failed; carries the Windows error code. */
public class WinsockException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The Windows error code. */
    private final int code;

    /**
     * @param call the call that failed, e.g. {@code "bind"}
     * @param code the Windows error
     * @param system the system's text for it, or empty
     */
    public WinsockException(String call, int code, String system) {
        super(ErrorMap.message(code, call, system));
        this.code = code;
    }

    /** @return the Windows error code */
    public int code() {
        return code;
    }
}
