package io.traverse.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (the usual small race applies). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeExcept(int taken) {
        int p;
        do {
            p = free();
        } while (p == taken);
        return p;
    }

    /** True if something accepts connections on 127.0.0.1:port. */
    public static boolean inUse(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
