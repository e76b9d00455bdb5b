package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Runs mongo-java-server in memory on 127.0.0.1.
 *
 * Prints "listening on PORT" once bound. Exits when standard input reaches end of file, so the server never
 * outlives the Node process that started it, even when that process is killed with SIGKILL.
 */
public final class MongoServerMain {

    /** The Node driver 7 refuses wire versions below 9; the library's newest ServerVersion reports 8. */
    static final MongoVersion REPORTED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    private MongoServerMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        MongoServer server = new MongoServer(new MemoryBackend().version(REPORTED_VERSION));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("listening on " + server.getLocalAddress().getPort());
        System.out.flush();
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Anything written to stdin is ignored; only end of file matters.
        }
        System.exit(0);
    }
}
