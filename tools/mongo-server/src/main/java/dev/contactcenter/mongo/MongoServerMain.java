package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Runs mongo-java-server in memory on 127.0.0.1.
 *
 * Prints "listening on PORT" once bound and runs until it receives SIGTERM or SIGINT. (The Node launcher runs it
 * under a watchdog that sends SIGTERM when the launcher goes away.)
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

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        MongoServer server = new MongoServer(new IndexedMemoryBackend().version(REPORTED_VERSION));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("listening on " + server.getLocalAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
